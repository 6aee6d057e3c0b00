package okta

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"time"
)

// jobKind names one provisioning step. The names double as task kinds.
type jobKind string

const (
	jobProvisionUser  jobKind = "PROVISION_USER"
	jobUpdateUser     jobKind = "UPDATE_USER"
	jobDeactivateUser jobKind = "DEACTIVATE_USER"
	jobCreateGroup    jobKind = "CREATE_GROUP"
	jobPushMembers    jobKind = "PUSH_GROUP_MEMBERS"
	jobPushAll        jobKind = "PUSH_GROUP"
	jobRenameGroup    jobKind = "RENAME_GROUP"
	jobDeleteGroup    jobKind = "DELETE_GROUP"
)

func (k jobKind) forUser() bool {
	return k == jobProvisionUser || k == jobUpdateUser || k == jobDeactivateUser
}

// job is one queued provisioning step. What it sends is decided when it
// runs, from the directory as it is then; the job only says what changed.
type job struct {
	seq       uint64
	kind      jobKind
	appID     string
	userID    string
	groupID   string
	mappingID string
	// targetID is the target resource to act on when the Okta record may
	// be gone by the time the job runs (a deleted mapping or user).
	targetID string
	// taskID is set when an admin retries a task.
	taskID string
	// keys serialise jobs: a job runs only when no running or earlier job
	// of its app holds one of its keys.
	keys []string
	due  time.Time
}

func userKey(id string) string  { return "user:" + id }
func groupKey(id string) string { return "group:" + id }

// PendingWork describes one queued or running provisioning step.
type PendingWork struct {
	AppID     string `json:"appId"`
	Kind      string `json:"kind"`
	UserID    string `json:"userId,omitempty"`
	GroupID   string `json:"groupId,omitempty"`
	MappingID string `json:"mappingId,omitempty"`
	State     string `json:"state"`
}

type appQueue struct {
	waiting []*job
	running []*job
	// busy is pick's set of held keys, kept between picks so that a pick
	// allocates nothing.
	busy map[string]bool
}

// start moves waiting job i to running. It shifts the jobs before i, not
// those after it, so taking the head (what most picks do) costs the same
// however long the queue is.
func (q *appQueue) start(i int) *job {
	j := q.waiting[i]
	copy(q.waiting[1:i+1], q.waiting[:i])
	q.waiting[0] = nil
	q.waiting = q.waiting[1:]
	q.running = append(q.running, j)
	return j
}

// engine runs provisioning jobs: one queue and a fixed set of workers per
// app. Jobs that share a key (a user or a group) run one at a time in the
// order they were queued; others run in parallel.
type engine struct {
	workers int
	clock   Clock
	exec    func(ctx context.Context, j *job)

	mu      sync.Mutex
	changed chan struct{}
	// quiet is closed and replaced where a queue may have emptied. wait
	// listens to it alone, so that it is not woken by every job.
	quiet  chan struct{}
	queues map[string]*appQueue
	paused bool
	closed bool
	seq    uint64
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

func newEngine(workers int, clock Clock, exec func(context.Context, *job)) *engine {
	e := &engine{
		workers: workers,
		clock:   clock,
		exec:    exec,
		changed: make(chan struct{}),
		quiet:   make(chan struct{}),
		queues:  map[string]*appQueue{},
	}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	return e
}

// notify wakes the workers; callers hold e.mu.
func (e *engine) notify() {
	close(e.changed)
	e.changed = make(chan struct{})
}

// notifyQuiet wakes the workers and wait; callers hold e.mu.
func (e *engine) notifyQuiet() {
	e.notify()
	close(e.quiet)
	e.quiet = make(chan struct{})
}

// enqueue adds j to its app's queue, starting the app's workers on first use.
func (e *engine) enqueue(j *job, delay time.Duration) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.closed {
		return
	}
	e.seq++
	j.seq = e.seq
	j.due = e.clock.Now().Add(delay)
	q, ok := e.queues[j.appID]
	if !ok {
		q = &appQueue{}
		e.queues[j.appID] = q
		for range e.workers {
			e.wg.Add(1)
			go e.work(j.appID, q)
		}
	}
	q.waiting = append(q.waiting, j)
	e.notify()
}

// work is one worker of an app. It exits when the engine closes or the
// queue is replaced by a reset.
func (e *engine) work(appID string, q *appQueue) {
	defer e.wg.Done()
	for {
		e.mu.Lock()
		if e.closed || e.queues[appID] != q {
			e.mu.Unlock()
			return
		}
		j, wake := e.pick(q)
		ctx := e.ctx
		changed := e.changed
		e.mu.Unlock()

		if j == nil {
			e.sleep(changed, wake)
			continue
		}
		e.exec(ctx, j)
		e.finish(q, j)
	}
}

func (e *engine) sleep(changed <-chan struct{}, wake time.Duration) {
	if wake <= 0 {
		<-changed
		return
	}
	select {
	case <-changed:
	case <-e.clock.After(wake):
	}
}

// pick moves the first runnable job of q to running. A job is runnable when
// it is due and shares no key with a running job or an earlier waiting job.
// When nothing is runnable it returns how long until the next job is due.
func (e *engine) pick(q *appQueue) (*job, time.Duration) {
	if e.paused {
		return nil, 0
	}
	if q.busy == nil {
		q.busy = map[string]bool{}
	}
	busy := q.busy
	clear(busy)
	for _, r := range q.running {
		for _, k := range r.keys {
			busy[k] = true
		}
	}
	now := e.clock.Now()
	var wake time.Duration
	for i, j := range q.waiting {
		blocked := holdsAny(busy, j.keys)
		if !blocked && !j.due.After(now) {
			return q.start(i), 0
		}
		if !blocked {
			if d := j.due.Sub(now); wake == 0 || d < wake {
				wake = d
			}
		}
		for _, k := range j.keys {
			busy[k] = true
		}
	}
	return nil, wake
}

func holdsAny(held map[string]bool, keys []string) bool {
	for _, k := range keys {
		if held[k] {
			return true
		}
	}
	return false
}

func (e *engine) finish(q *appQueue, j *job) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q.running = slices.DeleteFunc(q.running, func(r *job) bool { return r == j })
	if len(q.waiting)+len(q.running) == 0 {
		e.notifyQuiet()
		return
	}
	e.notify()
}

// pending lists the queued and running jobs of an app ("" for all apps).
func (e *engine) pending(appID string) []PendingWork {
	e.mu.Lock()
	defer e.mu.Unlock()
	var out []PendingWork
	for id, q := range e.queues {
		if appID != "" && id != appID {
			continue
		}
		for _, j := range q.running {
			out = append(out, j.describe("RUNNING"))
		}
		for _, j := range q.waiting {
			out = append(out, j.describe("QUEUED"))
		}
	}
	return out
}

func (j *job) describe(state string) PendingWork {
	return PendingWork{
		AppID: j.appID, Kind: string(j.kind), UserID: j.userID,
		GroupID: j.groupID, MappingID: j.mappingID, State: state,
	}
}

// count returns how many queued or running jobs match.
func (e *engine) count(appID string, match func(*job) bool) int {
	e.mu.Lock()
	defer e.mu.Unlock()
	q, ok := e.queues[appID]
	if !ok {
		return 0
	}
	n := 0
	for _, j := range slices.Concat(q.running, q.waiting) {
		if match(j) {
			n++
		}
	}
	return n
}

// idle reports whether nothing is queued or running for appID ("" = all).
func (e *engine) idle(appID string) (bool, <-chan struct{}) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for id, q := range e.queues {
		if (appID == "" || id == appID) && len(q.waiting)+len(q.running) > 0 {
			return false, e.quiet
		}
	}
	return true, nil
}

// wait blocks until appID is idle or ctx ends.
func (e *engine) wait(ctx context.Context, appID string) error {
	for {
		ok, quiet := e.idle(appID)
		if ok {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("wait for idle: %w", ctx.Err())
		case <-quiet:
		}
	}
}

func (e *engine) setPaused(p bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.paused = p
	e.notify()
}

// drop forgets the queued jobs of an app (deactivated or deleted).
func (e *engine) drop(appID string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if q, ok := e.queues[appID]; ok {
		q.waiting = nil
		e.notifyQuiet()
	}
}

// reset drops every queue, cancels running jobs and waits for them to end.
func (e *engine) reset() {
	e.mu.Lock()
	e.cancel()
	old := e.queues
	e.queues = map[string]*appQueue{}
	e.ctx, e.cancel = context.WithCancel(context.Background())
	e.paused = false
	e.notifyQuiet()
	e.mu.Unlock()

	for {
		e.mu.Lock()
		running := 0
		for _, q := range old {
			running += len(q.running)
		}
		changed := e.changed
		e.mu.Unlock()
		if running == 0 {
			return
		}
		<-changed
	}
}

// close stops every worker after its current job.
func (e *engine) close() {
	e.mu.Lock()
	if e.closed {
		e.mu.Unlock()
		return
	}
	e.closed = true
	e.cancel()
	e.notifyQuiet()
	e.mu.Unlock()
	e.wg.Wait()
}
