package okta

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestMemberNeverPushedBeforeItExists adds many users to an assigned,
// pushed group with slow user creation and many workers, and checks that
// every member id appears in a group request only after the POST that
// created it.
func TestMemberNeverPushedBeforeItExists(t *testing.T) {
	for _, profile := range []string{ProfileOIN, ProfileAIW} {
		t.Run(profile, func(t *testing.T) {
			e := newEnv(t, func(c *Config) { c.Workers = 8 })
			team := e.createGroup("Team")
			app := e.createApp(profile)
			e.must(http.StatusOK, "PUT", "/api/v1/apps/"+app+"/groups/"+team, map[string]any{}, nil)
			e.pushGroup(app, team, "Team")
			e.must(http.StatusOK, "PUT", "/_sim/faults/"+app, map[string]any{"rules": []any{
				map[string]any{
					"method": "POST", "path": "/Users", "action": "latency",
					"latency": "3ms",
				},
			}}, nil)
			const n = 30
			for i := range n {
				uid := e.createUser(fmt.Sprintf("user%02d@example.com", i), "User", fmt.Sprint(i))
				e.addMember(team, uid)
			}
			e.wait()

			created := map[string]bool{}
			for i, r := range e.tg.requests() {
				if r.Method == http.MethodPost && r.Path == "/Users" {
					name, _, _ := strings.Cut(r.Body["userName"].(string), "@")
					created["u-"+name] = true
				}
				if !strings.HasPrefix(r.Path, "/Groups/") {
					continue
				}
				for _, id := range memberRefs(r.Body) {
					if !created[id] {
						t.Fatalf("request %d (%s %s) names member %s before it was created",
							i, r.Method, r.Path, id)
					}
				}
			}
			if got := e.tg.memberIDs("Team"); len(got) != n {
				t.Errorf("target group has %d members, want %d", len(got), n)
			}
		})
	}
}

// memberRefs returns the member values a group request body names.
func memberRefs(body map[string]any) []string {
	var out []string
	collect := func(v any) {
		list, _ := v.([]any)
		for _, m := range list {
			if mm, ok := m.(map[string]any); ok {
				out = append(out, fmt.Sprint(mm["value"]))
			}
		}
	}
	collect(body["members"])
	ops, _ := body["Operations"].([]any)
	for _, o := range ops {
		op, _ := o.(map[string]any)
		collect(op["value"])
		if v, ok := op["value"].(map[string]any); ok {
			collect(v["members"])
		}
	}
	return out
}

func TestPauseShowsPendingWork(t *testing.T) {
	e := newEnv(t)
	ann := e.createUser("ann@example.com", "Ann", "Lee")
	team := e.createGroup("Team")
	e.addMember(team, ann)
	app := e.createApp(ProfileOIN)
	mark := e.tg.mark()

	e.must(http.StatusOK, "POST", "/_sim/pause", nil, nil)
	e.must(http.StatusOK, "PUT", "/api/v1/apps/"+app+"/groups/"+team, map[string]any{}, nil)
	mid := e.pushGroup(app, team, "Team")

	var m pushMappingJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/group-push/mappings/"+mid, nil, &m)
	if m.PendingPushes != 1 || m.TargetGroupID != nil {
		t.Errorf("paused mapping: pendingPushes %d, target %v; want 1 and none",
			m.PendingPushes, m.TargetGroupID)
	}
	var au appUserJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/users/"+ann, nil, &au)
	if au.SyncState != SyncPending || au.Status != StatusStaged {
		t.Errorf("paused app user: %s %s, want STAGED PENDING", au.Status, au.SyncState)
	}
	var timeout struct {
		Idle    bool          `json:"idle"`
		Pending []PendingWork `json:"pending"`
	}
	e.must(http.StatusRequestTimeout, "POST", "/_sim/wait?timeout=20ms&app="+app, nil, &timeout)
	if timeout.Idle || len(timeout.Pending) != 2 {
		t.Errorf("wait while paused: %+v, want two pending steps", timeout)
	}
	if got := e.tg.since(mark); len(got) != 0 {
		t.Errorf("paused engine sent %v", got)
	}

	e.must(http.StatusOK, "POST", "/_sim/resume", nil, nil)
	var idle struct {
		Idle bool `json:"idle"`
	}
	e.must(http.StatusOK, "POST", "/_sim/wait?timeout=5s", nil, &idle)
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/group-push/mappings/"+mid, nil, &m)
	if !idle.Idle || m.PendingPushes != 0 || m.TargetGroupID == nil || m.LastPush == nil {
		t.Errorf("after resume: idle %v, mapping %+v", idle.Idle, m)
	}
}

func TestFailedStepBecomesTaskAndRetrySucceeds(t *testing.T) {
	e := newEnv(t)
	ann := e.createUser("ann@example.com", "Ann", "Lee")
	app := e.createApp(ProfileOIN)
	e.must(http.StatusOK, "PUT", "/_sim/faults/"+app, map[string]any{"rules": []any{
		map[string]any{
			"method": "POST", "path": "/Users", "count": 1, "action": "status",
			"status": 500, "detail": "database is down",
		},
	}}, nil)
	e.must(http.StatusOK, "POST", "/api/v1/apps/"+app+"/users",
		map[string]any{"id": ann, "scope": "USER"}, nil)
	e.wait()

	var tasks []taskJSON
	e.must(http.StatusOK, "GET", "/_sim/tasks?app="+app, nil, &tasks)
	want := "Automatic provisioning of user ann@example.com to app Test App failed: " +
		"Error while creating user ann@example.com: Internal Server Error: " +
		"Errors reported by remote server: database is down"
	if len(tasks) != 1 || tasks[0].Status != TaskOpen || tasks[0].Message != want ||
		tasks[0].Kind != string(jobProvisionUser) || tasks[0].UserID != ann {
		t.Fatalf("tasks = %+v\nwant one OPEN task reading %q", tasks, want)
	}
	var au appUserJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/users/"+ann, nil, &au)
	if au.SyncState != SyncError || au.Status != StatusStaged {
		t.Errorf("failed app user: %s %s, want STAGED ERROR", au.Status, au.SyncState)
	}

	mark := e.tg.mark()
	e.must(http.StatusAccepted, "POST", "/_sim/tasks/"+tasks[0].ID+"/retry", nil, nil)
	e.wait()
	e.must(http.StatusOK, "GET", "/_sim/tasks", nil, &tasks)
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/users/"+ann, nil, &au)
	if tasks[0].Status != TaskResolved || au.Status != StatusProvisioned ||
		au.SyncState != SyncDone || au.ExternalID == nil || *au.ExternalID != "u-ann" {
		t.Errorf("after retry: task %+v, app user %+v", tasks[0], au)
	}
	got := e.tg.since(mark)
	if len(got) != 2 || !strings.HasPrefix(got[0], "GET /Users?filter=") || got[1] != "POST /Users" {
		t.Errorf("retry sent %v, want the lookup then the create", got)
	}
}

func TestLostCreateIsLinkedOnRetry(t *testing.T) {
	e := newEnv(t)
	ann := e.createUser("ann@example.com", "Ann", "Lee")
	team := e.createGroup("Team")
	e.addMember(team, ann)
	app := e.createApp(ProfileOIN)
	e.must(http.StatusOK, "PUT", "/_sim/faults/"+app, map[string]any{"rules": []any{
		map[string]any{"method": "POST", "count": 2, "action": "lose-response"},
	}}, nil)
	e.must(http.StatusOK, "POST", "/api/v1/apps/"+app+"/users",
		map[string]any{"id": ann, "scope": "USER"}, nil)
	e.wait()
	mid := e.pushGroup(app, team, "Team")
	e.wait()

	var m pushMappingJSON
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/group-push/mappings/"+mid, nil, &m)
	if m.Status != MappingError || m.ErrorSummary == nil ||
		!strings.Contains(*m.ErrorSummary, "Automatic provisioning of group Team") {
		t.Errorf("mapping after a lost create: %+v", m)
	}
	var retried struct {
		Retried int `json:"retried"`
	}
	e.must(http.StatusAccepted, "POST", "/_sim/tasks/retry", nil, &retried)
	e.wait()
	if retried.Retried != 2 {
		t.Errorf("retried %d tasks, want 2", retried.Retried)
	}

	posts := 0
	for _, r := range e.tg.requests() {
		if r.Method == http.MethodPost {
			posts++
		}
	}
	if posts != 2 {
		t.Errorf("%d POSTs reached the target, want 2 (one user, one group)", posts)
	}
	e.must(http.StatusOK, "GET", "/api/v1/apps/"+app+"/group-push/mappings/"+mid, nil, &m)
	if m.Status != MappingActive || m.TargetGroupID == nil || *m.TargetGroupID != "g-team" {
		t.Errorf("mapping after retry: %+v", m)
	}
	if got := e.tg.memberIDs("Team"); !slices.Equal(got, []string{"u-ann"}) {
		t.Errorf("members = %v", got)
	}
}

// fakeClock is a Clock whose time moves only when a test advances it.
type fakeClock struct {
	mu      sync.Mutex
	now     time.Time
	waiters []fakeWaiter
}

type fakeWaiter struct {
	at time.Time
	ch chan time.Time
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
	ch := make(chan time.Time, 1)
	if d <= 0 {
		ch <- c.now
		return ch
	}
	c.waiters = append(c.waiters, fakeWaiter{at: c.now.Add(d), ch: ch})
	return ch
}

func (c *fakeClock) waiting() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.waiters)
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	kept := c.waiters[:0]
	for _, w := range c.waiters {
		if w.at.After(c.now) {
			kept = append(kept, w)
			continue
		}
		w.ch <- c.now
	}
	c.waiters = kept
}

// TestRetryAfterIsPending drives a 429 with Retry-After on an injected
// clock: the step is pending while it waits, and goes on when the wait ends.
func TestRetryAfterIsPending(t *testing.T) {
	clock := newFakeClock()
	e := newEnv(t, func(c *Config) { c.Clock, c.TimeScale = clock, 1 })
	ann := e.createUser("ann@example.com", "Ann", "Lee")
	app := e.createApp(ProfileOIN)
	e.must(http.StatusOK, "PUT", "/_sim/faults/"+app, map[string]any{"rules": []any{
		map[string]any{
			"method": "POST", "path": "/Users", "count": 2, "action": "status",
			"status": 429, "retryAfter": 7,
		},
	}}, nil)
	e.must(http.StatusOK, "POST", "/api/v1/apps/"+app+"/users",
		map[string]any{"id": ann, "scope": "USER"}, nil)

	for i, wait := range []time.Duration{7 * time.Second, 14 * time.Second} {
		deadline := time.Now().Add(5 * time.Second)
		for clock.waiting() == 0 {
			if time.Now().After(deadline) {
				t.Fatalf("no retry wait %d started", i+1)
			}
			time.Sleep(time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
		err := e.sim.Wait(ctx, app)
		cancel()
		if err == nil {
			t.Fatalf("idle while waiting out Retry-After %d", i+1)
		}
		clock.advance(wait - time.Millisecond)
		if clock.waiting() != 1 {
			t.Fatalf("wait %d ended before %v", i+1, wait)
		}
		clock.advance(time.Millisecond)
	}
	e.wait()

	var attempts []int
	for _, x := range e.sim.Journal(JournalFilter{AppID: app, UserID: ann}) {
		if x.Method == http.MethodPost {
			attempts = append(attempts, x.Attempt)
		}
	}
	if !slices.Equal(attempts, []int{1, 2, 3}) || e.tg.userByName("ann@example.com") == nil {
		t.Errorf("POST attempts %v, want 1 2 3 ending in a created user", attempts)
	}
}
