// Command castsim runs the Cast AI-style reference target: a SCIM 2.0
// service provider under /scim/v2, the console API under /v1 and /healthz.
// `castsim healthcheck` probes a running server's /healthz (for a scratch
// container's HEALTHCHECK).
package main

import "github.com/idpsim/idpsim/internal/serve"

func main() {
	serve.Main("castsim", run, healthcheck)
}
