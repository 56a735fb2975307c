// The API documentation page (templates/api/docs.html): starts Swagger UI (drf-spectacular-sidecar's files) on the
// schema named by the page, with no inline script, so the page runs under the site's CSP.
(function () {
  "use strict";
  var root = document.getElementById("swagger-ui");
  if (!root || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    // Read-only and anonymous: "Try it out" sends plain GETs, without the visitor's cookies.
    supportedSubmitMethods: ["get"],
    requestInterceptor: function (request) {
      request.credentials = "omit";
      return request;
    },
    validatorUrl: null,
    defaultModelsExpandDepth: 0,
    // Swagger UI lists the operations in a <main> of its own, inside the page's: a second main landmark, which
    // screen readers' "go to main content" would stop at. It becomes a named region.
    onComplete: function () {
      root.querySelectorAll("main").forEach(function (main) {
        main.setAttribute("role", "region");
        main.setAttribute("aria-label", root.dataset.operationsLabel || "API");
      });
    },
  });
})();
