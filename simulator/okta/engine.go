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
	// holders lists, per key, the running and waiting jobs that hold it, in
	// the order they were queued. No job runs before an earlier one that
	// shares a key with it, so a running holder always comes first, and a
	// waiting job may start exactly when it heads the list of every key it
	// holds.
	holders map[string][]*job
}

// add queues j.
func (q *appQueue) add(j *job) {
	if q.holders == nil {
		q.holders = map[string][]*job{}
	}
	q.waiting = append(q.waiting, j)
	for _, k := range j.keys {
		q.holders[k] = append(q.holders[k], j)
	}
}

// done forgets the running job j.
func (q *appQueue) done(j *job) {
	q.running = slices.DeleteFunc(q.running, func(r *job) bool { return r == j })
	q.release(j)
}

// dropWaiting forgets every waiting job.
func (q *appQueue) dropWaiting() {
	for _, j := range q.waiting {
		q.release(j)
	}
	q.waiting = nil
}

// release takes j off the holder lists of its keys, once per key it holds.
func (q *appQueue) release(j *job) {
	for _, k := range j.keys {
		hs := q.holders[k]
		if i := slices.Index(hs, j); i >= 0 {
			hs = slices.Delete(hs, i, i+1)
		}
		if len(hs) == 0 {
			delete(q.holders, k)
			continue
		}
		q.holders[k] = hs
	}
}

// heads reports whether j comes first among the holders of each of its
// keys: no running job and no earlier waiting job holds any of them.
func (q *appQueue) heads(j *job) bool {
	for _, k := range j.keys {
		if q.holders[k][0] != j {
			return false
		}
	}
	return true
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
	q.add(j)
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
	now := e.clock.Now()
	var wake time.Duration
	for i, j := range q.waiting {
		if !q.heads(j) {
			continue
		}
		if !j.due.After(now) {
			return q.start(i), 0
		}
		if d := j.due.Sub(now); wake == 0 || d < wake {
			wake = d
		}
	}
	return nil, wake
}

func (e *engine) finish(q *appQueue, j *job) {
	e.mu.Lock()
	defer e.mu.Unlock()
	q.done(j)
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
		q.dropWaiting()
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
