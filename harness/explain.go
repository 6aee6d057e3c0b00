package harness

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// journalLimit is how many of the scenario's latest SCIM exchanges a failing
// step shows.
const journalLimit = 30

// stepError is a failed outcome followed by the SCIM exchanges behind it.
// Checks return it with the journal empty; the after-step hook fills the
// journal in (noteJournal), so that the formatters print the exchanges under
// the failing step while each step keeps its own definition and location.
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

// explain marks err as a failed outcome whose journal the after-step hook
// adds.
func explain(err error) error {
	var se *stepError
	if err == nil || errors.As(err, &se) {
		return err
	}
	return &stepError{err: err}
}

// noteJournal adds the scenario's SCIM exchanges to a failed outcome.
func (w *world) noteJournal(ctx context.Context, err error) {
	var se *stepError
	if !errors.As(err, &se) || se.journal != "" || w.space == nil || w.appID == "" {
		return
	}
	xs, jerr := w.space.idp.journal(context.WithoutCancel(ctx), w.appID)
	if jerr != nil {
		se.journal = "(the idpsim journal could not be read: " + jerr.Error() + ")"
		return
	}
	se.journal = formatJournal(w.appID, xs)
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
