package harness

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// runner holds what every scenario of a run shares.
type runner struct {
	cfg  Config
	env  environment
	rec  *recorder
	gate *serialGate
}

// initScenario prepares one scenario: a fresh world, its steps, and the
// hooks that open its space before and clean it up after.
func (r *runner) initScenario(sc *godog.ScenarioContext) {
	w := &world{}
	var (
		current    *godog.Scenario
		leave      func()
		started    time.Time
		skipReason string
	)
	w.registerOktaSteps(sc)
	w.registerOktaChecks(sc)
	w.registerFaultSteps(sc)
	w.registerSCIMSteps(sc)
	w.registerConsoleSteps(sc)
	w.registerSSOSteps(sc)

	sc.Before(func(ctx context.Context, s *godog.Scenario) (context.Context, error) {
		current, started = s, time.Now()
		r.rec.start(s)
		if hasTag(s, "@console") && !r.cfg.HasConsole() {
			skipReason = "needs the target's console API (--target-console-url, --target-api-key, " +
				"--target-org-id)"
			return ctx, godog.ErrSkip
		}
		if hasTag(s, "@sso") {
			skipReason = "SSO scenarios are not part of this suite yet"
			return ctx, godog.ErrSkip
		}
		if !r.cfg.Embedded() {
			leave = r.gate.enter(hasTag(s, "@serial"))
		}
		sp, err := r.env.open(ctx)
		if err != nil {
			return ctx, fmt.Errorf("open the scenario's space: %w", err)
		}
		*w = *newWorld(r.cfg, sp)
		return ctx, nil
	})
	sc.StepContext().Before(func(ctx context.Context, st *godog.Step) (context.Context, error) {
		// A When acts on the state its Givens describe: let Okta finish
		// sending them first, so no action races the set-up it follows.
		if st.Type == messages.PickleStepType_ACTION && w.space != nil {
			return ctx, w.settle(ctx)
		}
		return ctx, nil
	})
	sc.StepContext().After(func(ctx context.Context, st *godog.Step, status godog.StepResultStatus,
		err error,
	) (context.Context, error) {
		if status == godog.StepFailed {
			w.noteJournal(ctx, err)
		}
		if current != nil {
			r.rec.step(current, st, status, err)
		}
		return ctx, nil
	})
	sc.After(func(ctx context.Context, s *godog.Scenario, err error) (context.Context, error) {
		if w.space != nil {
			w.teardown(ctx)
		}
		if leave != nil {
			leave()
		}
		r.rec.finish(s, time.Since(started), skipReason)
		return ctx, nil
	})
}

func hasTag(s *godog.Scenario, tag string) bool {
	return slices.ContainsFunc(s.Tags, func(t *messages.PickleTag) bool { return t.Name == tag })
}
