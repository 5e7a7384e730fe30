'use strict';
// The Express peer of catalog-service: the same routes and the same CORS policy, products from an in-memory array.
// PORT (default 18380) and FRONTEND_ORIGINS (default as catalog-service) configure it.
const express = require('express');
const cors = require('cors');

const origins = (process.env.FRONTEND_ORIGINS || 'http://localhost:8000,http://127.0.0.1:8000')
  .split(',').map((o) => o.trim()).filter(Boolean);

const corsPolicy = cors({
  origin: origins, // exact matches only; a foreign origin gets no Access-Control-Allow-Origin
  methods: ['GET', 'POST', 'PUT', 'DELETE', 'OPTIONS'],
  // the same policy as the services' (common's microprofile-config.properties), so both answer the same preflight
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'If-Match', 'traceparent', 'tracestate'],
  exposedHeaders: ['Location', 'ETag', 'Retry-After', 'WWW-Authenticate', 'Content-Disposition', 'traceresponse'],
  maxAge: 600,
  credentials: false,
});

const categories = [
  ['kitchen', 'Kitchen'], ['pantry', 'Pantry'], ['tableware', 'Tableware'], ['baking', 'Baking'],
  ['coffee-tea', 'Coffee & Tea'],
];

// 28 products shaped like catalog-service's ProductView, so both servers send bodies of the same size.
const products = Array.from({ length: 28 }, (_, i) => {
  const id = i + 1;
  const [category, categoryName] = categories[i % categories.length];
  return {
    id,
    name: `Product ${id} of the ${categoryName} range`,
    description: 'Forged carbon-steel blade with a full tang and a pakka-wood handle; holds an edge through a busy service.',
    category,
    categoryName,
    priceCents: 1000 + id * 150,
    currency: 'EUR',
    stock: 40,
    imageUrl: `/api/products/${id}/image`,
    version: 0,
  };
});
const byId = new Map(products.map((p) => [p.id, p]));

function problem(res, status, title, detail) {
  res.status(status).type('application/problem+json').send(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

const app = express();
app.disable('x-powered-by');
app.set('etag', false); // the ETag is the product's version, as in catalog-service
app.use(corsPolicy);

app.get('/api/products', (req, res) => {
  res.json({ items: products.slice(0, 20), page: 0, size: 20, total: products.length });
});

app.get('/api/products/:id', (req, res) => {
  const product = byId.get(Number(req.params.id));
  if (!product) {
    problem(res, 404, 'Not Found', `Product ${req.params.id} does not exist`);
    return;
  }
  res.set('ETag', `"${product.version}"`).json(product);
});

// A plain OPTIONS without Origin never reaches here as a preflight: cors() answers every OPTIONS itself (204).
app.use((req, res) => problem(res, 404, 'Not Found', `No resource at ${req.path}`));

const port = Number(process.env.PORT || 18380);
const server = app.listen(port, '127.0.0.1', () => {
  // run.sh waits for this line.
  console.log(`express peer listening on http://127.0.0.1:${port} (pid ${process.pid})`);
});
server.keepAliveTimeout = 65_000;
process.on('SIGTERM', () => server.close(() => process.exit(0)));
