package okta

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// TestPickFollowsTheKeyRule drives one app queue through random enqueues,
// picks, finishes, drops and clock steps, and checks every pick against the
// rule written out plainly: the first waiting job that is due and shares no
// key with a running job or an earlier waiting job, and otherwise the time
// until the soonest unblocked job is due. The queue must keep its order.
func TestPickFollowsTheKeyRule(t *testing.T) {
	for seed := range uint64(40) {
		t.Run(fmt.Sprint(seed), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(seed, 1))
			clock := newFakeClock()
			e := &engine{clock: clock}
			q := &appQueue{}
			for step := range 400 {
				checkPickStep(t, rng, clock, e, q, step)
			}
		})
	}
}

func checkPickStep(t *testing.T, rng *rand.Rand, clock *fakeClock, e *engine, q *appQueue, step int) {
	t.Helper()
	switch n := rng.IntN(40); {
	case n < 16:
		q.add(randomJob(rng, clock.Now(), step))
	case n < 24 && len(q.running) > 0:
		q.done(q.running[rng.IntN(len(q.running))])
	case n < 28:
		clock.advance(time.Duration(rng.IntN(3)) * time.Second)
	case n < 29:
		q.dropWaiting()
	default:
		waiting, running := slices.Clone(q.waiting), slices.Clone(q.running)
		wantIdx, wantWake := pickByRule(running, waiting, clock.Now())
		got, wake := e.pick(q)
		if wantIdx < 0 {
			if got != nil || wake != wantWake {
				t.Fatalf("step %d: picked %v, wake %v; want none, wake %v", step, got, wake, wantWake)
			}
			return
		}
		want := waiting[wantIdx]
		if got != want || wake != 0 {
			t.Fatalf("step %d: picked %v, wake %v; want %v", step, got, wake, want)
		}
		if !slices.Equal(q.waiting, slices.Delete(waiting, wantIdx, wantIdx+1)) {
			t.Fatalf("step %d: waiting jobs out of order", step)
		}
		if !slices.Equal(q.running, append(running, want)) {
			t.Fatalf("step %d: running jobs %v", step, q.running)
		}
	}
}

// randomJob holds one to three of a few keys, so jobs often collide, and is
// due now or up to two seconds later.
func randomJob(rng *rand.Rand, now time.Time, step int) *job {
	j := &job{seq: uint64(step), due: now.Add(time.Duration(rng.IntN(3)) * time.Second)}
	for range 1 + rng.IntN(3) {
		j.keys = append(j.keys, fmt.Sprintf("k%d", rng.IntN(8)))
	}
	return j
}

// pickByRule is the engine's rule without its bookkeeping: which waiting job
// may start (-1 for none) and, when none, how long until one may.
func pickByRule(running, waiting []*job, now time.Time) (int, time.Duration) {
	shares := func(a, b *job) bool {
		return slices.ContainsFunc(a.keys, func(k string) bool { return slices.Contains(b.keys, k) })
	}
	var wake time.Duration
	for i, j := range waiting {
		blocked := slices.ContainsFunc(running, func(r *job) bool { return shares(r, j) }) ||
			slices.ContainsFunc(waiting[:i], func(w *job) bool { return shares(w, j) })
		if blocked {
			continue
		}
		if !j.due.After(now) {
			return i, 0
		}
		if d := j.due.Sub(now); wake == 0 || d < wake {
			wake = d
		}
	}
	return -1, wake
}
