// The API document page (/api/docs/): Swagger UI rendering the OpenAPI document that
// the service serves at /api/schema/. Everything it needs comes from the service
// itself: no CDN, no fonts from elsewhere, no call to Swagger's online validator.
import SwaggerUIBundle from 'swagger-ui-dist/swagger-ui-es-bundle.js';
import 'swagger-ui-dist/swagger-ui.css';
import './page.css';

SwaggerUIBundle({
  url: '/api/schema/',
  dom_id: '#swagger-ui',
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // The default would send the document to validator.swagger.io for a badge.
  validatorUrl: null,
  deepLinking: true,
  // Tags open, operations closed: every operation's line is on the page.
  docExpansion: 'list',
  defaultModelsExpandDepth: 0,
  tryItOutEnabled: false,
});
