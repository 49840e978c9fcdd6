// Swagger UI over this server's own OpenAPI document; no asset comes from another host.
window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
