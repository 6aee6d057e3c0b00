// Package containers runs idpsim and a SCIM target as Docker containers, for
// `conformance --containers` and the container tests.
//
// A start goes like this:
//
//  1. BuildImages cross-builds the binaries (CGO_ENABLED=0, linux, the
//     engine's architecture), puts them in a build context with the CA
//     bundle, the users file and build/Dockerfile, and builds one image per
//     binary FROM scratch, so nothing is pulled.
//  2. StartStack creates a network of its own and starts idpsim on it. The
//     target (castsim, or a user's image) joins idpsim's network namespace,
//     like two containers of one pod, and both servers listen on ports that
//     are published on 127.0.0.1 under the same numbers. So one URL reaches
//     the target from the host (the harness) and from idpsim (the push
//     engine), and one URL reaches idpsim from the host and from castsim
//     (OIDC), which is what the harness needs: it hands idpsim the very SCIM
//     URL it reads from.
//  3. Each container is timed from its start to the first 200 of its health
//     endpoint through the published port (ready) and to Docker's health
//     status "healthy" (healthy).
//  4. Stack.Terminate removes the containers and the network; StartStack
//     does the same itself when a step fails.
//
// The reaper (Ryuk) is not needed: everything started is removed by
// Terminate. Set TESTCONTAINERS_RYUK_DISABLED=true where its image cannot be
// pulled.
package containers
