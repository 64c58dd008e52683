-- CreateTable
CREATE TABLE "Session" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "state" TEXT NOT NULL,
    "isOnline" BOOLEAN NOT NULL DEFAULT false,
    "scope" TEXT,
    "expires" DATETIME,
    "accessToken" TEXT NOT NULL,
    "userId" BIGINT,
    "firstName" TEXT,
    "lastName" TEXT,
    "email" TEXT,
    "accountOwner" BOOLEAN NOT NULL DEFAULT false,
    "locale" TEXT,
    "collaborator" BOOLEAN DEFAULT false,
    "emailVerified" BOOLEAN DEFAULT false,
    "refreshToken" TEXT,
    "refreshTokenExpires" DATETIME
);

-- CreateTable
CREATE TABLE "Shop" (
    "shop" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT,
    "email" TEXT,
    "plan" TEXT,
    "currencyCode" TEXT NOT NULL DEFAULT 'USD',
    "installedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "uninstalledAt" DATETIME,
    "scopes" TEXT,
    "programEnabled" BOOLEAN NOT NULL DEFAULT false,
    "timezone" TEXT NOT NULL DEFAULT 'America/New_York',
    "timezoneSetByMerchant" BOOLEAN NOT NULL DEFAULT false,
    "quietHoursStartMinute" INTEGER NOT NULL DEFAULT 480,
    "quietHoursEndMinute" INTEGER NOT NULL DEFAULT 1260,
    "baselineConversionRate" REAL NOT NULL DEFAULT 0.02,
    "helpText" TEXT NOT NULL DEFAULT 'Reply STOP to unsubscribe. Msg & data rates may apply.',
    "messagingServiceSid" TEXT,
    "defaultSenderMps" INTEGER,
    "abandonedSurveyMinutes" INTEGER NOT NULL DEFAULT 30,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConsentWording" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Expert" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT,
    "photoUrl" TEXT,
    "bio" TEXT,
    "specialties" TEXT NOT NULL DEFAULT '[]',
    "capacity" INTEGER NOT NULL DEFAULT 25,
    "availability" TEXT NOT NULL DEFAULT 'online',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "staffUserId" TEXT,
    "isDefault" BOOLEAN NOT NULL DEFAULT false,
    "lastAssignedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "SenderNumber" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "phoneNumber" TEXT NOT NULL,
    "twilioSid" TEXT,
    "kind" TEXT NOT NULL DEFAULT 'long_code',
    "mps" INTEGER,
    "expertId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SenderNumber_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Survey" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "title" TEXT NOT NULL,
    "intro" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Question" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "helpText" TEXT,
    "required" BOOLEAN NOT NULL DEFAULT true,
    "options" TEXT NOT NULL DEFAULT '[]',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Question_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "surveyId" TEXT NOT NULL,
    "shopperId" TEXT,
    "answers" TEXT NOT NULL DEFAULT '{}',
    "currentStep" INTEGER NOT NULL DEFAULT 0,
    "completedAt" DATETIME,
    "rescuedAt" DATETIME,
    "placement" TEXT,
    "source" TEXT,
    "utmSource" TEXT,
    "utmMedium" TEXT,
    "utmCampaign" TEXT,
    "utmContent" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "SurveyResponse_surveyId_fkey" FOREIGN KEY ("surveyId") REFERENCES "Survey" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SurveyResponse_shopperId_fkey" FOREIGN KEY ("shopperId") REFERENCES "Shopper" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Shopper" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "email" TEXT,
    "firstName" TEXT,
    "lastName" TEXT,
    "shopifyCustomerId" TEXT,
    "timezone" TEXT,
    "expertId" TEXT,
    "optedOut" BOOLEAN NOT NULL DEFAULT false,
    "optedOutAt" DATETIME,
    "lastInboundAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "ConsentRecord" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopperId" TEXT NOT NULL,
    "wordingVersion" INTEGER NOT NULL,
    "wordingHash" TEXT NOT NULL,
    "ip" TEXT,
    "userAgent" TEXT,
    "page" TEXT,
    "channel" TEXT NOT NULL DEFAULT 'sms',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConsentRecord_shopperId_fkey" FOREIGN KEY ("shopperId") REFERENCES "Shopper" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OptOut" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopperId" TEXT NOT NULL,
    "keyword" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "revokedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "OptOut_shopperId_fkey" FOREIGN KEY ("shopperId") REFERENCES "Shopper" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Conversation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopperId" TEXT NOT NULL,
    "expertId" TEXT,
    "surveyResponseId" TEXT,
    "stage" TEXT NOT NULL DEFAULT 'intro',
    "status" TEXT NOT NULL DEFAULT 'awaiting_expert',
    "brief" TEXT NOT NULL DEFAULT '{}',
    "lastActivityAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastInboundAt" DATETIME,
    "lastOutboundAt" DATETIME,
    "firstResponseAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Conversation_shopperId_fkey" FOREIGN KEY ("shopperId") REFERENCES "Shopper" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Conversation_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "Conversation_surveyResponseId_fkey" FOREIGN KEY ("surveyResponseId") REFERENCES "SurveyResponse" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ConversationNote" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "authorName" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ConversationNote_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Message" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "conversationId" TEXT,
    "shopperId" TEXT NOT NULL,
    "direction" TEXT NOT NULL,
    "channel" TEXT NOT NULL DEFAULT 'sms',
    "author" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'expert',
    "expertId" TEXT,
    "body" TEXT NOT NULL,
    "mediaUrls" TEXT NOT NULL DEFAULT '[]',
    "businessKey" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "statusReason" TEXT,
    "heldUntil" DATETIME,
    "sendAttemptedAt" DATETIME,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "responseSeconds" INTEGER,
    "errorCode" INTEGER,
    "twilioSid" TEXT,
    "fromNumber" TEXT,
    "toNumber" TEXT,
    "segments" INTEGER NOT NULL DEFAULT 1,
    "encoding" TEXT NOT NULL DEFAULT 'GSM-7',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" DATETIME,
    "deliveredAt" DATETIME,
    CONSTRAINT "Message_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Message_shopperId_fkey" FOREIGN KEY ("shopperId") REFERENCES "Shopper" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MessageEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "messageId" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "MessageEvent_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "Message" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EmailMessage" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "businessKey" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "html" TEXT,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Template" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "productId" TEXT,
    "productTitle" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "conversationId" TEXT NOT NULL,
    "expertId" TEXT,
    "token" TEXT NOT NULL,
    "note" TEXT,
    "incentiveCode" TEXT,
    "discountId" TEXT,
    "cartPermalink" TEXT,
    "status" TEXT NOT NULL DEFAULT 'draft',
    "sentAt" DATETIME,
    "openedAt" DATETIME,
    "convertedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Recommendation_conversationId_fkey" FOREIGN KEY ("conversationId") REFERENCES "Conversation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "RecommendationItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "recommendationId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "variantId" TEXT,
    "title" TEXT NOT NULL,
    "note" TEXT,
    "position" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "RecommendationItem_recommendationId_fkey" FOREIGN KEY ("recommendationId") REFERENCES "Recommendation" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Offer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "isConcierge" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'concierge',
    "shopifyDiscountId" TEXT,
    "code" TEXT,
    "valueType" TEXT NOT NULL,
    "value" REAL NOT NULL,
    "scope" TEXT NOT NULL DEFAULT 'all',
    "scopeIds" TEXT NOT NULL DEFAULT '[]',
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "combinesWithOrder" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithProduct" BOOLEAN NOT NULL DEFAULT false,
    "combinesWithShipping" BOOLEAN NOT NULL DEFAULT true,
    "priority" INTEGER NOT NULL DEFAULT 0,
    "status" TEXT NOT NULL DEFAULT 'active',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "FollowUpRule" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "trigger" TEXT NOT NULL,
    "delayMinutes" INTEGER NOT NULL,
    "templateId" TEXT,
    "body" TEXT NOT NULL,
    "stopConditions" TEXT NOT NULL DEFAULT '[]',
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "FollowUp" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "ruleId" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "shopperId" TEXT,
    "jobId" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "messageId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "FollowUp_ruleId_fkey" FOREIGN KEY ("ruleId") REFERENCES "FollowUpRule" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ShopOrder" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopifyOrderId" TEXT NOT NULL,
    "name" TEXT,
    "customerId" TEXT,
    "phone" TEXT,
    "email" TEXT,
    "totalCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "financialStatus" TEXT,
    "fulfillmentStatus" TEXT,
    "discountCodes" TEXT NOT NULL DEFAULT '[]',
    "processedAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Attribution" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "conversationId" TEXT,
    "expertId" TEXT,
    "recommendationId" TEXT,
    "revenueCents" INTEGER NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "matchedItems" TEXT NOT NULL DEFAULT '[]',
    "method" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Referral" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "referrerOrderId" TEXT,
    "referrerCustomerId" TEXT,
    "code" TEXT NOT NULL,
    "link" TEXT NOT NULL,
    "shares" INTEGER NOT NULL DEFAULT 0,
    "friendOrderIds" TEXT NOT NULL DEFAULT '[]',
    "rewardStatus" TEXT NOT NULL DEFAULT 'pending',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Placement" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "copy" TEXT NOT NULL DEFAULT '{}',
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "PlacementStat" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "placement" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'direct',
    "day" TEXT NOT NULL,
    "impressions" INTEGER NOT NULL DEFAULT 0,
    "opens" INTEGER NOT NULL DEFAULT 0,
    "starts" INTEGER NOT NULL DEFAULT 0
);

-- CreateTable
CREATE TABLE "WebhookEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "apiVersion" TEXT,
    "payload" TEXT,
    "receivedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" DATETIME,
    "error" TEXT
);

-- CreateTable
CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shop" TEXT NOT NULL,
    "shopifyCustomerId" TEXT,
    "dataRequestId" TEXT,
    "payload" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "Session_shop_idx" ON "Session"("shop");

-- CreateIndex
CREATE UNIQUE INDEX "ConsentWording_shop_version_key" ON "ConsentWording"("shop", "version");

-- CreateIndex
CREATE INDEX "Expert_shop_active_idx" ON "Expert"("shop", "active");

-- CreateIndex
CREATE UNIQUE INDEX "SenderNumber_phoneNumber_key" ON "SenderNumber"("phoneNumber");

-- CreateIndex
CREATE UNIQUE INDEX "SenderNumber_twilioSid_key" ON "SenderNumber"("twilioSid");

-- CreateIndex
CREATE UNIQUE INDEX "SenderNumber_expertId_key" ON "SenderNumber"("expertId");

-- CreateIndex
CREATE INDEX "SenderNumber_shop_idx" ON "SenderNumber"("shop");

-- CreateIndex
CREATE INDEX "Survey_shop_status_idx" ON "Survey"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Survey_shop_key_version_key" ON "Survey"("shop", "key", "version");

-- CreateIndex
CREATE INDEX "Question_surveyId_position_idx" ON "Question"("surveyId", "position");

-- CreateIndex
CREATE INDEX "Question_shop_idx" ON "Question"("shop");

-- CreateIndex
CREATE INDEX "SurveyResponse_shop_createdAt_idx" ON "SurveyResponse"("shop", "createdAt");

-- CreateIndex
CREATE INDEX "SurveyResponse_shopperId_idx" ON "SurveyResponse"("shopperId");

-- CreateIndex
CREATE INDEX "Shopper_shop_shopifyCustomerId_idx" ON "Shopper"("shop", "shopifyCustomerId");

-- CreateIndex
CREATE INDEX "Shopper_shop_email_idx" ON "Shopper"("shop", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Shopper_shop_phone_key" ON "Shopper"("shop", "phone");

-- CreateIndex
CREATE INDEX "ConsentRecord_shop_shopperId_idx" ON "ConsentRecord"("shop", "shopperId");

-- CreateIndex
CREATE INDEX "OptOut_shop_shopperId_idx" ON "OptOut"("shop", "shopperId");

-- CreateIndex
CREATE UNIQUE INDEX "Conversation_surveyResponseId_key" ON "Conversation"("surveyResponseId");

-- CreateIndex
CREATE INDEX "Conversation_shop_status_lastActivityAt_idx" ON "Conversation"("shop", "status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Conversation_shop_expertId_status_lastActivityAt_idx" ON "Conversation"("shop", "expertId", "status", "lastActivityAt");

-- CreateIndex
CREATE INDEX "Conversation_shopperId_idx" ON "Conversation"("shopperId");

-- CreateIndex
CREATE INDEX "ConversationNote_conversationId_createdAt_idx" ON "ConversationNote"("conversationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_twilioSid_key" ON "Message"("twilioSid");

-- CreateIndex
CREATE INDEX "Message_conversationId_createdAt_idx" ON "Message"("conversationId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_shop_status_heldUntil_idx" ON "Message"("shop", "status", "heldUntil");

-- CreateIndex
CREATE INDEX "Message_shopperId_createdAt_idx" ON "Message"("shopperId", "createdAt");

-- CreateIndex
CREATE INDEX "Message_shop_expertId_createdAt_idx" ON "Message"("shop", "expertId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Message_shop_businessKey_key" ON "Message"("shop", "businessKey");

-- CreateIndex
CREATE INDEX "MessageEvent_messageId_createdAt_idx" ON "MessageEvent"("messageId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "EmailMessage_shop_businessKey_key" ON "EmailMessage"("shop", "businessKey");

-- CreateIndex
CREATE INDEX "Template_shop_productId_idx" ON "Template"("shop", "productId");

-- CreateIndex
CREATE UNIQUE INDEX "Recommendation_token_key" ON "Recommendation"("token");

-- CreateIndex
CREATE INDEX "Recommendation_shop_conversationId_idx" ON "Recommendation"("shop", "conversationId");

-- CreateIndex
CREATE INDEX "RecommendationItem_recommendationId_idx" ON "RecommendationItem"("recommendationId");

-- CreateIndex
CREATE INDEX "Offer_shop_status_idx" ON "Offer"("shop", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Offer_shop_shopifyDiscountId_key" ON "Offer"("shop", "shopifyDiscountId");

-- CreateIndex
CREATE INDEX "FollowUpRule_shop_trigger_active_idx" ON "FollowUpRule"("shop", "trigger", "active");

-- CreateIndex
CREATE UNIQUE INDEX "FollowUp_jobId_key" ON "FollowUp"("jobId");

-- CreateIndex
CREATE INDEX "FollowUp_shop_status_idx" ON "FollowUp"("shop", "status");

-- CreateIndex
CREATE INDEX "ShopOrder_shop_processedAt_idx" ON "ShopOrder"("shop", "processedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShopOrder_shop_shopifyOrderId_key" ON "ShopOrder"("shop", "shopifyOrderId");

-- CreateIndex
CREATE INDEX "Attribution_shop_expertId_createdAt_idx" ON "Attribution"("shop", "expertId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Attribution_shop_orderId_key" ON "Attribution"("shop", "orderId");

-- CreateIndex
CREATE UNIQUE INDEX "Referral_shop_code_key" ON "Referral"("shop", "code");

-- CreateIndex
CREATE UNIQUE INDEX "Placement_shop_kind_key" ON "Placement"("shop", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "PlacementStat_shop_placement_source_day_key" ON "PlacementStat"("shop", "placement", "source", "day");

-- CreateIndex
CREATE INDEX "WebhookEvent_shop_topic_idx" ON "WebhookEvent"("shop", "topic");

-- CreateIndex
CREATE INDEX "DataExport_shop_createdAt_idx" ON "DataExport"("shop", "createdAt");

