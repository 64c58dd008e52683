// Opening the app outside Shopify admin: ask for the shop, then start Shopify's login.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Button, Card, FormLayout, Page, Text, TextField } from "@shopify/polaris";
import { AppProvider } from "@shopify/shopify-app-remix/react";
import polarisStyles from "@shopify/polaris/build/esm/styles.css";
import { useState } from "react";
import { login } from "~/shopify.server";
import { env } from "~/env.server";

export const links = () => [{ rel: "stylesheet", href: polarisStyles }];

type LoginErrors = { shop?: string };

function loginErrorMessage(result: unknown): LoginErrors {
  const errors = (result ?? {}) as { shop?: string };
  if (errors.shop === "MISSING_SHOP") return { shop: "Enter your shop domain to log in" };
  if (errors.shop === "INVALID_SHOP") return { shop: "Enter a valid shop domain, like my-store.myshopify.com" };
  return {};
}

export const loader = async ({ request }: LoaderFunctionArgs) =>
  json({ errors: loginErrorMessage(await login(request)), apiKey: env.SHOPIFY_API_KEY });
export const action = async ({ request }: ActionFunctionArgs) => json({ errors: loginErrorMessage(await login(request)) });

export default function Login() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [shop, setShop] = useState("");
  const { errors } = actionData ?? loaderData;
  return (
    <AppProvider isEmbeddedApp={false} apiKey={loaderData.apiKey}>
      <Page narrowWidth>
        <Card>
          <Form method="post">
            <FormLayout>
              <Text variant="headingMd" as="h1">Log in to Concierge</Text>
              <TextField type="text" name="shop" label="Shop domain" helpText="example.myshopify.com" value={shop} onChange={setShop} autoComplete="on" error={errors.shop} />
              <Button submit>Log in</Button>
            </FormLayout>
          </Form>
        </Card>
      </Page>
    </AppProvider>
  );
}
