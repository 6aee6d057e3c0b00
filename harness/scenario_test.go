package harness

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cucumber/godog"
	messages "github.com/cucumber/messages/go/v34"
)

// TestStepHooks drives the step hooks of one scenario against a stand-in
// idpsim. A before-step hook never returns an error (godog would record it
// as an extra failed step with a nil error); a settle that fails becomes the
// failure of its step in the after-step hook (godog joins the hook's error
// to the step's own), and the step is recorded failed with both; once the
// scenario has stopped nothing waits on Okta any more.
func TestStepHooks(t *testing.T) {
	action := &godog.Step{
		Text: `an Okta admin deactivates "Alice"`, Type: messages.PickleStepType_ACTION,
	}
	outcome := &godog.Step{
		Text: `Cast AI has the user "Alice"`, Type: messages.PickleStepType_OUTCOME,
	}
	tests := []struct {
		name      string
		step      *godog.Step
		stopped   bool
		idle      bool
		status    godog.StepResultStatus
		stepErr   error
		wantWaits int64
		wantErr   []string // what the recorded step error must say; none: the step keeps its status
	}{
		{"an action after a settle", action, false, true, godog.StepPassed, nil, 1, nil},
		{
			"a settle that fails fails a passing action", action, false, false, godog.StepPassed, nil, 1,
			[]string{
				"before the step, Okta did not finish sending", "still pending",
				"SCIM exchanges of this scenario",
			},
		},
		{
			"a settle that fails joins the action's own failure", action, false, false, godog.StepFailed,
			errors.New("no such user"), 1,
			[]string{"before the step", "no such user"},
		},
		{"an outcome does not settle first", outcome, false, false, godog.StepPassed, nil, 0, nil},
		{
			"nothing settles once the scenario stopped", action, true, false, godog.StepSkipped, nil, 0,
			nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			idp, waits := fakeIdpsim(t, tt.idle)
			sc := &godog.Scenario{Id: "1", Name: tt.name}
			s := &scenarioRun{
				r: &runner{rec: newRecorder(nil)}, stopped: tt.stopped, current: sc,
				w: &world{
					cfg: Config{WaitTimeout: time.Second}, appID: "0oaTEST", space: &space{idp: idp},
				},
			}
			s.r.rec.start(sc)
			ctx, err := s.beforeStep(t.Context(), tt.step)
			if err != nil {
				t.Fatalf("before-step hook returned %v; it must never return an error", err)
			}
			_, err = s.afterStep(ctx, tt.step, tt.status, tt.stepErr)
			if got := waits.Load(); got != tt.wantWaits {
				t.Errorf("%d waits on idpsim, want %d", got, tt.wantWaits)
			}
			recorded := s.r.rec.running[sc.Id].Steps[0]
			if len(tt.wantErr) == 0 {
				if err != nil || recorded.Status != tt.status.String() {
					t.Errorf("after-step hook: %v, step recorded %s; want nil and %s", err,
						recorded.Status, tt.status)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), "before the step") {
				t.Errorf("after-step hook returned %v, want the settle's failure", err)
			}
			if recorded.Status != godog.StepFailed.String() {
				t.Errorf("step recorded %s, want failed", recorded.Status)
			}
			for _, want := range tt.wantErr {
				if !strings.Contains(recorded.Error, want) {
					t.Errorf("recorded error %q lacks %q", recorded.Error, want)
				}
			}
		})
	}
}

// fakeIdpsim answers POST /_sim/wait with 200 when idle and 408 when not,
// and the journal with no exchanges; it counts the waits.
func fakeIdpsim(t *testing.T, idle bool) (*idpClient, *atomic.Int64) {
	t.Helper()
	var waits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/_sim/wait":
			waits.Add(1)
			if idle {
				_, _ = io.WriteString(w, `{"idle":true}`)
				return
			}
			w.WriteHeader(http.StatusRequestTimeout)
			_, _ = io.WriteString(w, `{"pending":["push group Platform"]}`)
		case "/_sim/journal":
			_, _ = io.WriteString(w, `[]`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return &idpClient{baseURL: srv.URL, token: "test", hc: srv.Client()}, &waits
}
