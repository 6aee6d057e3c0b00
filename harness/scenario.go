package harness

import (
	"context"
	"errors"
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

// scenarioRun is one scenario on its way through godog's hooks.
type scenarioRun struct {
	r          *runner
	w          *world
	current    *godog.Scenario
	leave      func() // releases the serial gate
	started    time.Time
	skipReason string
	stopped    bool  // a step failed or skipped the scenario, or the after hook ran
	settleErr  error // Okta did not finish sending before the current step
}

// initScenario prepares one scenario: a fresh world, its steps, and the
// hooks that open its space before and clean it up after.
func (r *runner) initScenario(sc *godog.ScenarioContext) {
	run := &scenarioRun{r: r, w: &world{}}
	run.w.registerOktaSteps(sc)
	run.w.registerOktaChecks(sc)
	run.w.registerFaultSteps(sc)
	run.w.registerSCIMSteps(sc)
	run.w.registerConsoleSteps(sc)
	run.w.registerSSOSteps(sc)
	run.w.registerSignInSteps(sc)

	sc.Before(run.before)
	sc.StepContext().Before(run.beforeStep)
	sc.StepContext().After(run.afterStep)
	sc.After(run.after)
}

// before skips what the target cannot serve, takes the serial gate on a
// shared target, and opens the scenario's space.
func (s *scenarioRun) before(ctx context.Context, sc *godog.Scenario) (context.Context, error) {
	s.current, s.started = sc, time.Now()
	s.r.rec.start(sc)
	if hasTag(sc, "@console") && !s.r.cfg.HasConsole() {
		return ctx, skip("needs the target's console API (--target-console-url, " +
			"--target-api-key, --target-org-id)")
	}
	if !s.r.cfg.Embedded() {
		s.leave = s.r.gate.enter(hasTag(sc, "@serial"))
	}
	sp, err := s.r.env.open(ctx)
	if err != nil {
		return ctx, fmt.Errorf("open the scenario's space: %w", err)
	}
	*s.w = *newWorld(s.r.cfg, sp)
	return ctx, nil
}

// beforeStep lets Okta finish sending what the Givens set up before a When
// acts on it, so no action races the set-up it follows.
//
// It never returns an error: godog v0.16.0 runs before-step hooks even for
// the steps it skips after a failure, and records a hook's error as a second
// failed result with a nil error ("Error: <nil>" under the step, and one
// failed step too many in its totals). A settle that fails is kept instead
// and becomes the step's failure in afterStep. Once the scenario has stopped
// there is nothing left to wait for: godog runs the after hook at the first
// failing step, so its servers are already gone.
func (s *scenarioRun) beforeStep(ctx context.Context, st *godog.Step) (context.Context, error) {
	s.settleErr = nil
	if st.Type == messages.PickleStepType_ACTION && s.w.space != nil && !s.stopped {
		if err := s.w.settle(ctx); err != nil {
			s.settleErr = explain(fmt.Errorf("before the step, Okta did not finish sending: %w", err))
		}
	}
	return ctx, nil
}

// afterStep fails a step whose settle failed, adds the journal to a failed
// outcome, notes why a step skipped the scenario, and records the step.
func (s *scenarioRun) afterStep(ctx context.Context, st *godog.Step, status godog.StepResultStatus,
	err error,
) (context.Context, error) {
	var hookErr error
	if s.settleErr != nil && status != godog.StepSkipped {
		hookErr, status = s.settleErr, godog.StepFailed
		err = errors.Join(s.settleErr, err)
	}
	if status == godog.StepFailed {
		s.w.noteJournal(ctx, err)
	}
	if status == godog.StepSkipped && err != nil && s.skipReason == "" {
		s.skipReason = skipReason(err, st)
	}
	if status != godog.StepPassed {
		s.stopped = true
	}
	if s.current != nil {
		s.r.rec.step(s.current, st, status, err)
	}
	return ctx, hookErr
}

// after cleans up, releases the gate and records the scenario.
func (s *scenarioRun) after(ctx context.Context, sc *godog.Scenario, _ error) (context.Context, error) {
	if s.w.space != nil {
		s.w.teardown(ctx)
	}
	if s.leave != nil {
		s.leave()
	}
	s.stopped = true
	s.r.rec.finish(sc, time.Since(s.started), s.skipReason)
	return ctx, nil
}

func hasTag(s *godog.Scenario, tag string) bool {
	return slices.ContainsFunc(s.Tags, func(t *messages.PickleTag) bool { return t.Name == tag })
}
