// Command idpsim runs the fake Okta: the Okta Management API subset under
// /api/v1, the simulator control API under /_sim and the push engine that
// provisions SCIM apps. `idpsim healthcheck` probes a running server's
// /healthz (for a scratch container's HEALTHCHECK).
package main

import "github.com/idpsim/idpsim/internal/serve"

func main() {
	serve.Main("idpsim", run, healthcheck)
}
