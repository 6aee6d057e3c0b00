package harness

import (
	"errors"
	"fmt"

	"github.com/cucumber/godog"
)

// skipError skips a scenario and says why: godog sees godog.ErrSkip, the
// summary and the JUnit file show the reason.
type skipError struct{ reason string }

func (e *skipError) Error() string { return "skipped: " + e.reason }

// Is makes errors.Is(err, godog.ErrSkip) hold, which is how godog tells a
// skip from a failure.
func (e *skipError) Is(target error) bool { return target == godog.ErrSkip }

// skip returns an error that skips the scenario for reason, from a hook or
// from a step.
func skip(reason string) error { return &skipError{reason: reason} }

// skipReason says why err skipped the scenario at step st. A bare
// godog.ErrSkip still gets a reason: the step that returned it.
func skipReason(err error, st *godog.Step) string {
	if se, ok := errors.AsType[*skipError](err); ok {
		return se.reason
	}
	return fmt.Sprintf("skipped by the step %q", keyword(st)+st.Text)
}
