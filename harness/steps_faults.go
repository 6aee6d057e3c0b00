package harness

import (
	"context"

	"github.com/cucumber/godog"
)

// registerFaultSteps binds the target failures of the features. They are
// injected by idpsim on its way out (PUT /_sim/faults/{appId}), so they work
// against any target and touch only the scenario's own app.
func (w *world) registerFaultSteps(sc *godog.ScenarioContext) {
	sc.Step(`^Cast AI answers the next (\d+) "([^"]*)" requests? to "([^"]*)" with 429 and Retry-After (\d+)$`,
		w.rateLimit)
	sc.Step(`^Cast AI answers every "([^"]*)" request to "([^"]*)" with (\d+) and the detail "([^"]*)"$`,
		w.failEvery)
	sc.Step(`^Cast AI loses the response to the next "([^"]*)" request to "([^"]*)"$`, w.loseResponse)
	sc.Step(`^Cast AI recovers$`, w.recover)
}

func (w *world) rateLimit(ctx context.Context, n int, method, path string, retryAfter int) error {
	rule := faultRule{
		Method: method, Path: path, Count: n, Action: "status", Status: 429,
		RetryAfter: &retryAfter, Detail: "too many requests",
	}
	return w.space.idp.setFaults(ctx, w.appID, []faultRule{rule})
}

func (w *world) failEvery(ctx context.Context, method, path string, status int, detail string) error {
	rule := faultRule{Method: method, Path: path, Rate: 1, Action: "status", Status: status, Detail: detail}
	return w.space.idp.setFaults(ctx, w.appID, []faultRule{rule})
}

func (w *world) loseResponse(ctx context.Context, method, path string) error {
	rule := faultRule{Method: method, Path: path, Count: 1, Action: "lose-response"}
	return w.space.idp.setFaults(ctx, w.appID, []faultRule{rule})
}

func (w *world) recover(ctx context.Context) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	return w.space.idp.clearFaults(ctx, w.appID)
}
