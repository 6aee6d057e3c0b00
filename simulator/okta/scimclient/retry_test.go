package scimclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeClock fires every wait at once and records its length.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	waits []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.waits = append(c.waits, d)
	c.now = c.now.Add(d)
	ch := make(chan time.Time, 1)
	ch <- c.now
	return ch
}

func (c *fakeClock) recorded() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.waits...)
}

func tooMany(retryAfter string) scripted {
	s := scripted{
		status: http.StatusTooManyRequests,
		body: `{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],` +
			`"status":"429","detail":"slow down"}`,
	}
	if retryAfter != "" {
		s.header = map[string]string{"Retry-After": retryAfter}
	}
	return s
}

func TestNextWait(t *testing.T) {
	tests := []struct {
		name   string
		prev   time.Duration
		header string
		want   time.Duration
	}{
		{"first with integer", 0, "2", 2 * time.Second},
		{"first with zero", 0, "0", 0},
		{"first without header", 0, "", 5 * time.Minute},
		{"first with http date", 0, "Wed, 21 Oct 2015 07:28:00 GMT", 5 * time.Minute},
		{"first with negative", 0, "-3", 5 * time.Minute},
		{"first with fraction", 0, "1.5", 5 * time.Minute},
		{"first with spaces", 0, " 7 ", 7 * time.Second},
		{"further doubles", 2 * time.Second, "", 4 * time.Second},
		{"further ignores a shorter ask", 4 * time.Second, "1", 8 * time.Second},
		{"further honours a longer ask", 4 * time.Second, "30", 30 * time.Second},
		{"further doubles the default", 5 * time.Minute, "", 10 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := nextWait(tt.prev, tt.header); got != tt.want {
				t.Errorf("nextWait(%s, %q) = %s, want %s", tt.prev, tt.header, got, tt.want)
			}
		})
	}
}

func TestRetrySchedule(t *testing.T) {
	tests := []struct {
		name      string
		script    []scripted
		timeScale float64
		wantWaits []time.Duration
		wantReqs  int
		wantErr   error
	}{
		{
			name:      "retry-after 2 then three without header",
			script:    []scripted{tooMany("2"), tooMany(""), tooMany(""), tooMany("")},
			wantWaits: []time.Duration{2 * time.Second, 4 * time.Second, 8 * time.Second, 16 * time.Second},
			wantReqs:  5,
		},
		{
			name:      "no header waits five minutes then doubles",
			script:    []scripted{tooMany(""), tooMany("")},
			wantWaits: []time.Duration{5 * time.Minute, 10 * time.Minute},
			wantReqs:  3,
		},
		{
			name:      "a longer later ask is honoured",
			script:    []scripted{tooMany("1"), tooMany("60"), tooMany("")},
			wantWaits: []time.Duration{time.Second, 60 * time.Second, 120 * time.Second},
			wantReqs:  4,
		},
		{
			name:      "time scale shrinks the waits",
			script:    []scripted{tooMany("2"), tooMany("")},
			timeScale: 0.001,
			wantWaits: []time.Duration{2 * time.Millisecond, 4 * time.Millisecond},
			wantReqs:  3,
		},
		{
			name:   "gives up after ten attempts",
			script: repeat(tooMany("1"), 12),
			wantWaits: []time.Duration{
				1 * time.Second, 2 * time.Second, 4 * time.Second,
				8 * time.Second, 16 * time.Second, 32 * time.Second, 64 * time.Second,
				128 * time.Second, 256 * time.Second,
			},
			wantReqs: 10,
			wantErr:  ErrRateLimited,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeSCIM(t)
			f.push(tt.script...)
			clock := newFakeClock()
			journal := NewJournal(100)
			c, err := New(Config{
				Target: Target{BaseURL: f.baseURL(), Token: "retry-token-123"},
				Clock:  clock, TimeScale: tt.timeScale, Journal: journal,
			})
			must(t, err)

			err = c.TestConnection(context.Background(), Tag{AppID: "0oa1"})
			if !errors.Is(err, tt.wantErr) || (tt.wantErr == nil && err != nil) {
				t.Fatalf("TestConnection error = %v, want %v", err, tt.wantErr)
			}
			if got := clock.recorded(); !equalDurations(got, tt.wantWaits) {
				t.Errorf("waits = %v, want %v", got, tt.wantWaits)
			}
			reqs := f.requests()
			usersReqs := 0
			for _, r := range reqs {
				if r.Path == fakeBase+"/Users" {
					usersReqs++
				}
			}
			if usersReqs != tt.wantReqs {
				t.Errorf("GET /Users sent %d times, want %d", usersReqs, tt.wantReqs)
			}
			assertAttempts(t, journal, tt.wantReqs)
		})
	}
}

// assertAttempts checks that the journal numbers the attempts of the first
// request 1..n, each 429 but (maybe) the last.
func assertAttempts(t *testing.T, j *Journal, n int) {
	t.Helper()
	ex := j.Exchanges(JournalFilter{AppID: "0oa1"})
	if len(ex) < n {
		t.Fatalf("journal holds %d exchanges, want at least %d", len(ex), n)
	}
	for i := range n {
		if ex[i].Attempt != i+1 {
			t.Errorf("exchange %d attempt = %d, want %d", i, ex[i].Attempt, i+1)
		}
		if i < n-1 && ex[i].Status != http.StatusTooManyRequests {
			t.Errorf("exchange %d status = %d, want 429", i, ex[i].Status)
		}
	}
}

func repeat(s scripted, n int) []scripted {
	out := make([]scripted, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRateLimitGiveUpMessage(t *testing.T) {
	f := newFakeSCIM(t)
	f.push(repeat(tooMany("0"), MaxAttempts)...)
	c, err := New(Config{
		Target: Target{BaseURL: f.baseURL(), Token: "retry-token-123"},
		Clock:  newFakeClock(),
	})
	must(t, err)

	_, err = c.CreateUser(context.Background(), Tag{AppID: "0oa1"},
		map[string]any{"userName": "a@example.com"})
	var re *RemoteError
	if !errors.As(err, &re) || re.Attempts != MaxAttempts {
		t.Fatalf("error = %v, want a RemoteError after %d attempts", err, MaxAttempts)
	}
	msg := TaskMessage(StepCreateUser, "a@example.com", "Cast AI", err)
	want := "Errors reported by remote server: " + RateLimitMessage
	if !strings.HasSuffix(msg, want) {
		t.Errorf("task message = %q, want suffix %q", msg, want)
	}
}

func TestNoRetryOnOtherErrors(t *testing.T) {
	for _, status := range []int{400, 401, 404, 409, 500, 502, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			f := newFakeSCIM(t)
			f.push(scripted{status: status, body: `{"detail":"nope"}`},
				scripted{status: 200, body: `{"id":"x"}`})
			clock := newFakeClock()
			c, err := New(Config{Target: Target{BaseURL: f.baseURL()}, Clock: clock})
			must(t, err)

			_, err = c.GetUser(context.Background(), Tag{}, "x")
			var re *RemoteError
			if !errors.As(err, &re) || re.Status != status || re.Detail != "nope" {
				t.Fatalf("error = %v, want RemoteError %d with detail", err, status)
			}
			if n := len(f.requests()); n != 1 {
				t.Errorf("sent %d requests, want 1", n)
			}
			if w := clock.recorded(); len(w) != 0 {
				t.Errorf("waited %v, want no wait", w)
			}
		})
	}
}

func TestRequestTimeoutIsNotScaled(t *testing.T) {
	slow := func(d time.Duration) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-time.After(d):
			case <-r.Context().Done(): // the client gave up
			}
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`{"id":"u1"}`))
		}
	}
	tests := []struct {
		name    string
		delay   time.Duration
		timeout time.Duration
		wantErr bool
	}{
		{"answer within the timeout", 20 * time.Millisecond, 2 * time.Second, false},
		{"answer after the timeout", 5 * time.Second, 100 * time.Millisecond, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newServer(t, slow(tt.delay))
			// A scaled timeout (2s × 0.001 = 2ms) would fail the first case.
			c, err := New(Config{
				Target: Target{BaseURL: srv.URL}, TimeScale: 0.001,
				RequestTimeout: tt.timeout,
			})
			must(t, err)
			_, err = c.GetUser(context.Background(), Tag{}, "u1")
			if (err != nil) != tt.wantErr {
				t.Fatalf("GetUser error = %v, want error %t", err, tt.wantErr)
			}
			if tt.wantErr && (!errors.Is(err, context.DeadlineExceeded) ||
				!strings.Contains(err.Error(), "request timeout "+tt.timeout.String())) {
				t.Errorf("error %v: want a request timeout wrapping DeadlineExceeded", err)
			}
		})
	}
}
