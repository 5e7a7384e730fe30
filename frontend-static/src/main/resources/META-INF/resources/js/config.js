// Where the three services answer and where people sign in. The page's own server fills /config.json from
// CATALOG_URL, ORDER_URL, WORKER_URL, OIDC_ISSUER and OIDC_CLIENT_ID, so the same files work on a laptop and
// behind any Kubernetes ingress.
const DEFAULTS = {
  catalogUrl: 'http://localhost:8081',
  orderUrl: 'http://localhost:8082',
  workerUrl: 'http://localhost:8083',
  oidcAuthority: 'http://localhost:8180/realms/brigade',
  oidcClientId: 'brigade-shop',
};

let loaded;

export function loadConfig() {
  if (!loaded) {
    loaded = fetch('config.json', { cache: 'no-store' })
      .then((response) => (response.ok ? response.json() : {}))
      .catch(() => ({}))
      .then((config) => {
        const merged = { ...DEFAULTS };
        for (const key of Object.keys(DEFAULTS)) {
          if (typeof config[key] === 'string' && config[key].trim() !== '') {
            merged[key] = config[key].trim().replace(/\/+$/, '');
          }
        }
        return Object.freeze(merged);
      });
  }
  return loaded;
}
