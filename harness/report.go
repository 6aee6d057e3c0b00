package harness

import (
	"cmp"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// Scenario statuses of a Result.
const (
	StatusPassed  = "passed"
	StatusFailed  = "failed"
	StatusSkipped = "skipped"
)

// Result is the outcome of a run, scenario by scenario.
type Result struct {
	Scenarios []ScenarioResult
	Duration  time.Duration
	Seed      int64 // the seed that shuffled the scenarios; 0 kept the files' order
	// FeatureTags are the tags the features carry, shown when --tags
	// selects nothing.
	FeatureTags []string
}

// ScenarioResult is the outcome of one scenario.
type ScenarioResult struct {
	Feature  string // the feature's title
	File     string // the feature file
	Name     string
	Tags     []string
	Status   string // StatusPassed, StatusFailed or StatusSkipped
	Steps    []StepResult
	Reason   string // why it was skipped
	Duration time.Duration
	order    int
}

// StepResult is the outcome of one step.
type StepResult struct {
	Text   string
	Status string // godog's step status: passed, failed, skipped, undefined, pending…
	Error  string
}

// FailedStep returns the first step that did not pass or skip, if any.
func (s ScenarioResult) FailedStep() (StepResult, bool) {
	for _, st := range s.Steps {
		if st.Status != "passed" && st.Status != "skipped" {
			return st, true
		}
	}
	return StepResult{}, false
}

// Count returns how many scenarios ended with status.
func (r *Result) Count(status string) int {
	n := 0
	for _, s := range r.Scenarios {
		if s.Status == status {
			n++
		}
	}
	return n
}

// OK reports a run in which no scenario failed and at least one ran.
func (r *Result) OK() bool { return r.Count(StatusFailed) == 0 && r.Count(StatusPassed) > 0 }

// recorder collects results from godog's hooks; scenarios may run at once.
type recorder struct {
	features map[string]string // feature title by file
	mu       sync.Mutex
	running  map[string]*ScenarioResult // by pickle id
	done     []ScenarioResult
}

func newRecorder(features map[string]string) *recorder {
	return &recorder{features: features, running: map[string]*ScenarioResult{}}
}

func (r *recorder) start(sc *godog.Scenario) {
	res := &ScenarioResult{Feature: r.features[sc.Uri], File: sc.Uri, Name: sc.Name, Duration: -1}
	res.order, _ = strconv.Atoi(sc.Id)
	if sc.Location != nil {
		res.order = int(sc.Location.Line)
	}
	for _, t := range sc.Tags {
		res.Tags = append(res.Tags, t.Name)
	}
	r.mu.Lock()
	r.running[sc.Id] = res
	r.mu.Unlock()
}

func (r *recorder) step(sc *godog.Scenario, st *godog.Step, status godog.StepResultStatus, err error) {
	sr := StepResult{Text: keyword(st) + st.Text, Status: status.String()}
	if err != nil {
		sr.Error = err.Error()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if res, ok := r.running[sc.Id]; ok {
		res.Steps = append(res.Steps, sr)
	}
}

func (r *recorder) finish(sc *godog.Scenario, took time.Duration, skipReason string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	res, ok := r.running[sc.Id]
	if !ok {
		return
	}
	delete(r.running, sc.Id)
	res.Duration = took
	res.Status = StatusPassed
	if _, failed := res.FailedStep(); failed {
		res.Status = StatusFailed
	} else if slices.ContainsFunc(res.Steps, func(s StepResult) bool { return s.Status == "skipped" }) {
		res.Status, res.Reason = StatusSkipped, skipReason
	}
	r.done = append(r.done, *res)
}

func (r *recorder) result(took time.Duration) *Result {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := slices.Clone(r.done)
	slices.SortStableFunc(out, func(a, b ScenarioResult) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.order, b.order))
	})
	return &Result{Scenarios: out, Duration: took}
}

// keyword names the step's kind the way the feature files do.
func keyword(st *godog.Step) string {
	switch st.Type {
	case messages.PickleStepType_CONTEXT:
		return "Given "
	case messages.PickleStepType_ACTION:
		return "When "
	case messages.PickleStepType_OUTCOME:
		return "Then "
	}
	return ""
}

// WriteSummary prints the run's result: counts, the time taken, and each
// failed or skipped scenario with its failing step and message.
func (r *Result) WriteSummary(w io.Writer) {
	fmt.Fprintf(w, "\nconformance: %d scenarios: %d passed, %d failed, %d skipped in %s\n",
		len(r.Scenarios), r.Count(StatusPassed), r.Count(StatusFailed), r.Count(StatusSkipped),
		r.Duration.Round(time.Millisecond))
	if len(r.Scenarios) == 0 {
		fmt.Fprintf(w, "no scenario ran: check --tags%s\n", inParens(usedTags(r.FeatureTags)))
	}
	if r.Seed != 0 {
		fmt.Fprintf(w, "scenarios shuffled with seed %d (--random %d repeats the order)\n",
			r.Seed, r.Seed)
	}
	for _, s := range r.Scenarios {
		switch s.Status {
		case StatusFailed:
			st, _ := s.FailedStep()
			fmt.Fprintf(w, "\nFAILED  %s: %s\n  %s\n    %s\n", s.File, s.Name, st.Text,
				strings.ReplaceAll(firstLine(st.Error), "\n", "\n    "))
		case StatusSkipped:
			fmt.Fprintf(w, "SKIPPED %s: %s%s\n", s.File, s.Name, inParens(s.Reason))
		}
	}
}

func usedTags(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "the features use " + strings.Join(tags, ", ")
}

// inParens puts a non-empty reason in parentheses after a space.
func inParens(reason string) string {
	if reason == "" {
		return ""
	}
	return " (" + reason + ")"
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
