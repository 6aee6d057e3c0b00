package scimclient

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"syscall"
	"testing"
	"time"
)

func intp(n int) *int { return &n }

func faultClient(t *testing.T, f *fakeSCIM, faults *Faults, clock Clock) (*Client, *Journal) {
	t.Helper()
	j := NewJournal(100)
	c, err := New(Config{
		Target: Target{BaseURL: f.baseURL(), Token: "fault-token-123"},
		Faults: faults, Clock: clock, Journal: j,
	})
	must(t, err)
	return c, j
}

func TestFaultStatusNeverReachesTarget(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{
		Method: "POST", Path: "/Users", Count: 1,
		Action: ActionStatus, Status: 503, Detail: "maintenance window",
	}}))
	c, j := faultClient(t, f, faults, newFakeClock())

	_, err := c.CreateUser(context.Background(), Tag{AppID: "0oa1"},
		map[string]any{"userName": "a@example.com"})
	var re *RemoteError
	if !errors.As(err, &re) || re.Status != 503 || re.Detail != "maintenance window" {
		t.Fatalf("error = %v, want a 503 RemoteError with the rule's detail", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("target saw %d requests, want 0", n)
	}
	if ex := j.Exchanges(JournalFilter{}); len(ex) != 1 || ex[0].Status != 503 {
		t.Fatalf("journal = %+v, want one 503", ex)
	}

	// The rule was for one request only: the next create reaches the target.
	if _, err := c.CreateUser(context.Background(), Tag{AppID: "0oa1"},
		map[string]any{"userName": "a@example.com"}); err != nil {
		t.Fatalf("second create: %v", err)
	}
	if n := len(f.requests()); n != 1 {
		t.Fatalf("target saw %d requests, want 1", n)
	}
}

func TestFaultSynthetic429IsRetried(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{
		Path: "/Users", Count: 2, Action: ActionStatus,
		Status: 429, RetryAfter: intp(3),
	}}))
	clock := newFakeClock()
	c, j := faultClient(t, f, faults, clock)

	_, found, err := c.FindUser(context.Background(), Tag{AppID: "0oa1"}, "nobody@example.com")
	if err != nil || found {
		t.Fatalf("FindUser = %t, %v; want a miss after retries", found, err)
	}
	want := []time.Duration{3 * time.Second, 6 * time.Second}
	if got := clock.recorded(); !equalDurations(got, want) {
		t.Errorf("waits = %v, want %v", got, want)
	}
	var statuses []int
	for _, e := range j.Exchanges(JournalFilter{AppID: "0oa1"}) {
		statuses = append(statuses, e.Status)
	}
	if len(statuses) != 3 || statuses[0] != 429 || statuses[1] != 429 || statuses[2] != 200 {
		t.Errorf("journal statuses = %v, want [429 429 200]", statuses)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("target saw %d requests, want 1", n)
	}
}

func TestFaultResetFailsBeforeSending(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{Action: ActionReset}}))
	c, j := faultClient(t, f, faults, newFakeClock())

	err := c.DeleteGroup(context.Background(), Tag{AppID: "0oa1", GroupID: "00g1"}, "g-1")
	if !errors.Is(err, syscall.ECONNRESET) {
		t.Fatalf("error = %v, want ECONNRESET", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("target saw %d requests, want 0", n)
	}
	ex := j.Exchanges(JournalFilter{GroupID: "00g1"})
	if len(ex) != 1 || ex[0].Status != 0 || ex[0].Error == "" {
		t.Errorf("journal = %+v, want one exchange without status and with an error", ex)
	}
}

func TestFaultLoseResponseCommitsOnTarget(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{
		Method: "post", Path: "/Users", Count: 1,
		Action: ActionLoseResponse,
	}}))
	c, _ := faultClient(t, f, faults, newFakeClock())
	ctx, tag := context.Background(), Tag{AppID: "0oa1"}

	_, err := c.CreateUser(ctx, tag, map[string]any{"userName": "lost@example.com"})
	if !errors.Is(err, ErrResponseLost) || !strings.Contains(err.Error(), "answered 201") {
		t.Fatalf("error = %v, want ErrResponseLost naming the target's 201", err)
	}
	// The target committed: the lookup a retried create starts with finds it.
	r, found, err := c.FindUser(ctx, tag, "lost@example.com")
	if err != nil || !found || r.ID == "" {
		t.Fatalf("FindUser after a lost response = %+v, %t, %v; want the created user",
			r, found, err)
	}
}

func TestFaultLatencyUsesClock(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa1", []FaultRule{{
		Method: "GET", Action: ActionLatency,
		Latency: Duration(1500 * time.Millisecond),
	}}))
	clock := newFakeClock()
	c, _ := faultClient(t, f, faults, clock)

	must(t, c.TestConnection(context.Background(), Tag{AppID: "0oa1"}))
	want := []time.Duration{1500 * time.Millisecond, 1500 * time.Millisecond}
	if got := clock.recorded(); !equalDurations(got, want) {
		t.Errorf("latency waits = %v, want %v", got, want)
	}
	if n := len(f.requests()); n != 2 {
		t.Errorf("target saw %d requests, want 2", n)
	}
}

func TestFaultRulesArePerApp(t *testing.T) {
	f := newFakeSCIM(t)
	faults := NewFaults(1)
	must(t, faults.Set("0oa-other", []FaultRule{{Action: ActionReset}}))
	c, _ := faultClient(t, f, faults, newFakeClock())

	if err := c.TestConnection(context.Background(), Tag{AppID: "0oa1"}); err != nil {
		t.Fatalf("a rule of another app fired: %v", err)
	}
	faults.Clear("0oa-other")
	if got := faults.Rules("0oa-other"); len(got) != 0 {
		t.Errorf("rules after Clear = %v", got)
	}
}

func TestFaultRate(t *testing.T) {
	fired := func(seed uint64, rate float64) []bool {
		faults := NewFaults(seed)
		must(t, faults.Set("a", []FaultRule{{Rate: rate, Action: ActionReset}}))
		out := make([]bool, 200)
		for i := range out {
			_, out[i] = faults.pick("a", "GET", "/Users", "/scim/v2/Users")
		}
		return out
	}
	count := func(bs []bool) int {
		n := 0
		for _, b := range bs {
			if b {
				n++
			}
		}
		return n
	}
	if n := count(fired(7, 1)); n != 200 {
		t.Errorf("rate 1 fired %d of 200", n)
	}
	half := fired(7, 0.5)
	if n := count(half); n < 70 || n > 130 {
		t.Errorf("rate 0.5 fired %d of 200, want about 100", n)
	}
	again := fired(7, 0.5)
	for i := range half {
		if half[i] != again[i] {
			t.Fatalf("same seed gave a different draw at %d", i)
		}
	}
}

func TestFaultRuleJSONAndValidation(t *testing.T) {
	var body struct {
		Rules []FaultRule `json:"rules"`
	}
	raw := `{"rules":[{"method":"PATCH","path":"/Groups","count":2,"action":"status",` +
		`"status":429,"retryAfter":1},{"action":"latency","latency":"200ms","rate":0.25}]}`
	must(t, json.Unmarshal([]byte(raw), &body))
	if len(body.Rules) != 2 || *body.Rules[0].RetryAfter != 1 ||
		time.Duration(body.Rules[1].Latency) != 200*time.Millisecond {
		t.Fatalf("decoded %+v", body.Rules)
	}
	must(t, NewFaults(1).Set("a", body.Rules))

	bad := []struct {
		name string
		rule FaultRule
		want string
	}{
		{"unknown action", FaultRule{Action: "explode"}, "action"},
		{"status out of range", FaultRule{Action: ActionStatus, Status: 200}, "status"},
		{"latency missing", FaultRule{Action: ActionLatency}, "latency"},
		{"rate too high", FaultRule{Action: ActionReset, Rate: 1.5}, "rate"},
		{"count and rate", FaultRule{Action: ActionReset, Count: 1, Rate: 0.5}, "count and rate"},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			err := NewFaults(1).Set("a", []FaultRule{tt.rule})
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Set error = %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestFaultHeadersOnSyntheticAnswer(t *testing.T) {
	resp := syntheticResponse(&http.Request{}, FaultRule{Status: 429, RetryAfter: intp(4)})
	defer resp.Body.Close()
	if resp.Header.Get("Retry-After") != "4" ||
		!strings.HasPrefix(resp.Header.Get("Content-Type"), "application/scim+json") {
		t.Errorf("headers = %v", resp.Header)
	}
}
