// Every call this mini-program makes: the owning service, the method and the path template, by name. Everything
// below `module.exports =` is plain JSON: system-test's MiniProgramSystemTest reads it and checks each operation
// against its service's OpenAPI document (/q/openapi), so a renamed or removed endpoint fails the build.
module.exports = {
  "residentSignIn":     { "service": "order", "method": "POST", "path": "/api/auth/wechat" },
  "compounds":          { "service": "dispatch", "method": "GET", "path": "/api/compounds" },
  "compoundBuildings":  { "service": "dispatch", "method": "GET", "path": "/api/compounds/{id}/buildings" },
  "building":           { "service": "dispatch", "method": "GET", "path": "/api/buildings/{id}" },
  "households":         { "service": "order", "method": "GET", "path": "/api/households" },
  "household":          { "service": "order", "method": "GET", "path": "/api/households/{id}" },
  "registerHousehold":  { "service": "order", "method": "POST", "path": "/api/households" },
  "editHousehold":      { "service": "order", "method": "PATCH", "path": "/api/households/{id}" },
  "orders":             { "service": "order", "method": "GET", "path": "/api/orders" },
  "order":              { "service": "order", "method": "GET", "path": "/api/orders/{id}" },
  "placeOrder":         { "service": "order", "method": "POST", "path": "/api/orders" },
  "cancelOrder":        { "service": "order", "method": "POST", "path": "/api/orders/{id}/cancel" },
  "mealPlans":          { "service": "order", "method": "GET", "path": "/api/meal-plans" },
  "startMealPlan":      { "service": "order", "method": "POST", "path": "/api/meal-plans" },
  "pauseMealPlan":      { "service": "order", "method": "POST", "path": "/api/meal-plans/{id}/pause" },
  "resumeMealPlan":     { "service": "order", "method": "POST", "path": "/api/meal-plans/{id}/resume" },
  "endMealPlan":        { "service": "order", "method": "POST", "path": "/api/meal-plans/{id}/end" },
  "volunteerSignIn":    { "service": "volunteer", "method": "POST", "path": "/api/auth/wechat" },
  "volunteer":          { "service": "volunteer", "method": "GET", "path": "/api/volunteers/{id}" },
  "duty":               { "service": "volunteer", "method": "PUT", "path": "/api/volunteers/{id}/duty" },
  "runs":               { "service": "dispatch", "method": "GET", "path": "/api/runs" },
  "run":                { "service": "dispatch", "method": "GET", "path": "/api/runs/{id}" },
  "pickup":             { "service": "dispatch", "method": "POST", "path": "/api/runs/{id}/pickup" },
  "handoff":            { "service": "dispatch", "method": "POST", "path": "/api/runs/{id}/handoffs" }
};
