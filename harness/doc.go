// Package harness runs the conformance features against a target: it acts on
// the fake Okta (idpsim) and checks, on the target's SCIM endpoint and console
// API, the outcomes Cast AI's "Managing IdP user group sync" guide promises.
//
// One run goes like this:
//
//  1. Run reads the embedded features (package features) and starts godog
//     with one world per scenario, so scenarios can run concurrently.
//  2. Before each scenario the world opens its space: in embedded mode an
//     idpsim and a castsim of its own on free loopback ports; against a
//     shared target, the shared idpsim and target with a SCIM app of its own
//     and names prefixed by the run id. @serial scenarios hold the run alone.
//  3. Steps act on idpsim's admin API (drivers in idp.go), then wait for its
//     push engine to go idle (POST /_sim/wait) and poll the target with a
//     deadline for eventual outcomes (world.eventually). Nothing sleeps.
//  4. A failing step's error carries the scenario's SCIM exchanges from
//     idpsim's journal, so the cause shows under the step.
//  5. After the scenario the world deletes what it created on a shared target
//     (Config.Cleanup) and stops its servers; results go to the summary, the
//     JUnit file (junit.go) and godog's own formatters.
package harness
