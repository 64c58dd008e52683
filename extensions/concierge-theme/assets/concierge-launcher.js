/* Concierge launcher: enhances the FAB and banner links (which work without it) with campaign
   params, runs the teaser, sends one impression beacon per page view. No other requests. */
(function (w) {
  'use strict';
  var d = w.document;
  // Both blocks include this file; run once.
  if (!d || w.ConciergeLauncher) return;
  w.ConciergeLauncher = { version: 1 };

  var BEACON_URL = '/apps/concierge/beacon';
  var ATTRIBUTION_KEY = 'concierge:attribution';
  var TEASER_KEY = 'concierge:teaser-dismissed';
  var UTM = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
  var BOTS = /bot|crawl|spider|slurp|facebookexternalhit|embedly|headless|lighthouse|pagespeed|prerender/i;
  var MOBILE = '(max-width: 749px)'; // as the CSS
  var sent = false;

  // sessionStorage can throw (privacy modes): best-effort.
  function session(key, value) {
    try {
      if (value === undefined) return w.sessionStorage.getItem(key);
      w.sessionStorage.setItem(key, value);
    } catch (e) {}
    return null;
  }

  function referrerHost() {
    try {
      var host = new URL(d.referrer).hostname;
      return host !== w.location.hostname ? host : '';
    } catch (e) {
      return '';
    }
  }

  // This page's campaign params, else the visit's landing ones: the source survives navigation.
  function attribution() {
    var query = new URLSearchParams(w.location.search);
    var found = {};
    var fresh = false;
    UTM.forEach(function (key) {
      var value = query.get(key);
      if (value) {
        found[key] = value.slice(0, 100);
        fresh = true;
      }
    });
    var source = query.get('utm_source') || query.get('source') || query.get('ref') || referrerHost();
    if (source) {
      found.source = source.slice(0, 100);
      fresh = true;
    }
    if (fresh) {
      session(ATTRIBUTION_KEY, JSON.stringify(found));
      return found;
    }
    try {
      var saved = JSON.parse(session(ATTRIBUTION_KEY));
      if (saved && typeof saved === 'object') return saved;
    } catch (e) {}
    return found;
  }

  function decorate(root, params) {
    var links = root.querySelectorAll('a[data-concierge-link]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].getAttribute('href'), w.location.href);
      for (var key in params) {
        if ((UTM.indexOf(key) > -1 || key === 'source') && !url.searchParams.has(key)) {
          url.searchParams.set(key, String(params[key]));
        }
      }
      links[i].setAttribute('href', url.pathname + url.search + url.hash);
    }
  }

  function hiddenOnMobile(el) {
    return el.hasAttribute('data-hide-mobile') && !!w.matchMedia && w.matchMedia(MOBILE).matches;
  }

  function teaser(fab) {
    var bubble = fab.querySelector('[data-concierge-teaser]');
    var delay = Number(fab.getAttribute('data-teaser-delay')) || 0;
    var design = fab.hasAttribute('data-design-mode');
    if (!bubble || delay <= 0 || hiddenOnMobile(fab) || (!design && session(TEASER_KEY))) return;

    function onKey(event) {
      if (event.key === 'Escape') hide();
    }
    function hide() {
      // Don't strand keyboard focus on the vanished close button.
      if (bubble.contains(d.activeElement)) fab.querySelector('a').focus();
      bubble.hidden = true;
      d.removeEventListener('keydown', onKey);
      session(TEASER_KEY, '1');
    }
    var close = bubble.querySelector('button');
    if (close) close.addEventListener('click', hide);
    // Theme editor: show at once so the merchant sees it.
    w.setTimeout(function () {
      bubble.hidden = false;
      d.addEventListener('keydown', onKey);
    }, design ? 0 : delay * 1000);
  }

  function init(root) {
    var params = attribution();
    decorate(root, params);
    var fabs = root.querySelectorAll('[data-concierge-placement="fab"]');
    for (var i = 0; i < fabs.length; i++) teaser(fabs[i]);
    // In case a CSP blocked the inline onload media swap.
    var sheets = d.querySelectorAll('link[data-concierge-css][media="print"]');
    for (var j = 0; j < sheets.length; j++) sheets[j].media = 'all';
    return params;
  }

  // One beacon listing every placement; not for bots, the editor, unseen prerenders, or no consent.
  function impression(params) {
    var nav = w.navigator;
    var privacy = w.Shopify && w.Shopify.customerPrivacy;
    if (sent || nav.webdriver || BOTS.test(nav.userAgent || '') || typeof nav.sendBeacon !== 'function') return;
    if (privacy && typeof privacy.analyticsProcessingAllowed === 'function' && !privacy.analyticsProcessingAllowed()) return;
    var els = d.querySelectorAll('[data-concierge-placement]');
    var placements = [];
    var template = '';
    for (var i = 0; i < els.length; i++) {
      var placement = els[i].getAttribute('data-concierge-placement');
      if (els[i].hasAttribute('data-design-mode')) return;
      if (hiddenOnMobile(els[i]) || placements.indexOf(placement) > -1) continue;
      placements.push(placement);
      template = template || els[i].getAttribute('data-template') || '';
    }
    if (!placements.length) return;
    sent = true;
    nav.sendBeacon(
      BEACON_URL,
      new URLSearchParams({ placements: placements.join(','), source: params.source || 'direct', template: template })
    );
  }

  function whenSeen(fn) {
    if (d.prerendering) {
      d.addEventListener('prerenderingchange', function () { whenSeen(fn); }, { once: true });
    } else if (d.visibilityState && d.visibilityState !== 'visible') {
      d.addEventListener('visibilitychange', function onChange() {
        if (d.visibilityState !== 'visible') return;
        d.removeEventListener('visibilitychange', onChange);
        fn();
      });
    } else {
      fn();
    }
  }

  function start() {
    var params = init(d);
    // After load: never competes with the page's resources.
    var send = function () { whenSeen(function () { impression(params); }); };
    if (d.readyState === 'complete') send();
    else w.addEventListener('load', send, { once: true });
    // The theme editor re-renders sections in place.
    d.addEventListener('shopify:section:load', function (event) { init(event.target); });
  }

  if (d.readyState === 'loading') d.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})(window);
