package harness

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"

	"github.com/cucumber/godog"
)

// journalLimit is how many of the scenario's latest SCIM exchanges a failing
// step shows.
const journalLimit = 30

// explained wraps a step function so that its error carries the scenario's
// SCIM exchanges from idpsim's journal: the formatters print the error under
// the failing step, and the cause is visible without a debugger.
func (w *world) explained(fn any) any {
	v := reflect.ValueOf(fn)
	errType := reflect.TypeFor[error]()
	return reflect.MakeFunc(v.Type(), func(args []reflect.Value) []reflect.Value {
		out := v.Call(args)
		last := out[len(out)-1]
		err, _ := last.Interface().(error)
		if err == nil || errors.Is(err, godog.ErrSkip) || errors.Is(err, godog.ErrPending) {
			return out
		}
		ctx, _ := args[0].Interface().(context.Context)
		wrapped := reflect.New(errType).Elem()
		wrapped.Set(reflect.ValueOf(w.withJournal(ctx, err)))
		out[len(out)-1] = wrapped
		return out
	}).Interface()
}

// stepError is a step failure followed by the SCIM exchanges behind it.
type stepError struct {
	err     error
	journal string
}

func (e *stepError) Error() string {
	if e.journal == "" {
		return e.err.Error()
	}
	return e.err.Error() + "\n" + indent(e.journal, "      ")
}

func (e *stepError) Unwrap() error { return e.err }

func (w *world) withJournal(ctx context.Context, err error) error {
	if w.appID == "" || ctx == nil {
		return err
	}
	xs, jerr := w.space.idp.journal(context.WithoutCancel(ctx), w.appID)
	if jerr != nil {
		return &stepError{err: err, journal: "(the idpsim journal could not be read: " + jerr.Error() + ")"}
	}
	return &stepError{err: err, journal: formatJournal(w.appID, xs)}
}

// formatJournal renders exchanges as a short transcript.
func formatJournal(appID string, xs []exchange) string {
	var b strings.Builder
	shown := xs
	if len(shown) > journalLimit {
		shown = shown[len(shown)-journalLimit:]
	}
	fmt.Fprintf(&b, "SCIM exchanges of this scenario (idpsim journal, app %s, %d of %d):",
		appID, len(shown), len(xs))
	if len(xs) == 0 {
		b.WriteString(" none")
	}
	for _, x := range shown {
		target := x.Path
		if x.Query != "" {
			target += "?" + x.Query
		}
		outcome := fmt.Sprint(x.Status)
		if x.Error != "" {
			outcome += " " + x.Error
		}
		fmt.Fprintf(&b, "\n  #%d %s %s -> %s (attempt %d, %.0fms)", x.Seq, x.Method, target, outcome,
			x.Attempt, x.DurationMs)
		if x.RequestBody != "" {
			fmt.Fprintf(&b, "\n      > %s", oneLine(x.RequestBody))
		}
		if x.ResponseBody != "" {
			fmt.Fprintf(&b, "\n      < %s", oneLine(x.ResponseBody))
		}
	}
	return b.String()
}

// oneLine squeezes a body onto one shortened line.
func oneLine(s string) string {
	const limit = 300
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// indent prefixes every line of s, so the journal sits under the failing
// step in the formatters' output.
func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}
