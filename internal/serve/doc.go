// Package serve runs the simulator binaries (idpsim, castsim) the same way:
// flags with environment twins, a JSON logger at the chosen level, an
// http.Server with timeouts, optional TLS, graceful shutdown when the context
// ends, and the `healthcheck` subcommand a scratch container's HEALTHCHECK
// runs.
//
// A binary parses its flags (Flags.Register adds the shared ones), listens,
// builds its handler for the bound address, then calls Run, which serves until
// the context ends and shuts the server down within Timeouts.Shutdown.
package serve
