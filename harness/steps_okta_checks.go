package harness

import (
	"context"
	"fmt"
	"strings"

	"github.com/cucumber/godog"
)

// registerOktaChecks binds what the features check on the Okta side.
func (w *world) registerOktaChecks(sc *godog.ScenarioContext) {
	sc.Step(`^Okta shows a pending push for the group "([^"]*)"$`, w.pendingPush)
	sc.Step(`^Okta shows no pending push for the group "([^"]*)"$`, w.noPendingPush)
	sc.Step(`^Okta shows "([^"]*)" as provisioned in the app$`, w.provisioned)
	sc.Step(`^Okta shows "([^"]*)" with sync state "([^"]*)" in the app$`, w.syncState)
	sc.Step(`^Okta shows the push of the group "([^"]*)" as active$`, w.pushActive)
	sc.Step(`^Okta shows the push of the group "([^"]*)" in error$`, w.pushInError)
	sc.Step(`^Okta shows a failed provisioning task for "([^"]*)"$`, w.failedTask)
	sc.Step(`^Okta shows a failed provisioning task for "([^"]*)" whose message contains "([^"]*)"$`,
		w.failedTaskWith)
	sc.Step(`^Okta shows no open provisioning tasks$`, w.noOpenTasks)
	sc.Step(`^an Okta admin retries the failed provisioning tasks$`, w.retryTasks)
	sc.Step(`^Okta retried after a 429 from Cast AI$`, w.retriedAfter429)
	sc.Step(`^Okta sends nothing more to Cast AI$`, w.sentNothingMore)
}

// pendingPush checks while Okta holds its pushes, so it must not settle.
func (w *world) pendingPush(ctx context.Context, name string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	m, err := w.space.idp.mapping(ctx, w.appID, g.mappingID)
	if err != nil {
		return err
	}
	if m.PendingPushes < 1 {
		return explain(fmt.Errorf("the push of %q shows %d pending pushes, want at least 1 (status %s)",
			name, m.PendingPushes, m.Status))
	}
	return nil
}

func (w *world) noPendingPush(ctx context.Context, name string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	return w.afterSettling(ctx, func(ctx context.Context) error {
		m, err := w.space.idp.mapping(ctx, w.appID, g.mappingID)
		if err != nil {
			return err
		}
		if m.PendingPushes != 0 {
			return fmt.Errorf("the push of %q still shows %d pending pushes", name, m.PendingPushes)
		}
		return nil
	})
}

func (w *world) provisioned(ctx context.Context, first string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		au, err := w.space.idp.appUser(ctx, w.appID, p.oktaID)
		if err != nil {
			return err
		}
		if au.Status != "PROVISIONED" || au.SyncState != "SYNCHRONIZED" || au.ExternalID == "" {
			return fmt.Errorf("the Okta app user %s is %s, sync state %s, external id %q; want PROVISIONED, "+
				"SYNCHRONIZED and the Cast AI id", first, au.Status, au.SyncState, au.ExternalID)
		}
		return nil
	})
}

func (w *world) syncState(ctx context.Context, first, state string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		au, err := w.space.idp.appUser(ctx, w.appID, p.oktaID)
		if err != nil {
			return err
		}
		if au.SyncState != state {
			return fmt.Errorf("the Okta app user %s has sync state %s, want %s", first, au.SyncState, state)
		}
		return nil
	})
}

func (w *world) pushActive(ctx context.Context, name string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		m, err := w.space.idp.mapping(ctx, w.appID, g.mappingID)
		if err != nil {
			return err
		}
		if m.Status != "ACTIVE" || m.TargetGroupID == "" {
			return fmt.Errorf("the push of %q is %s with target %q (%s), want ACTIVE with a target",
				name, m.Status, m.TargetGroupID, m.ErrorSummary)
		}
		return nil
	})
}

// pushInError checks what the admin console's Push Groups tab shows when
// the target refuses a push: status ERROR with Okta's error summary.
func (w *world) pushInError(ctx context.Context, name string) error {
	g, err := w.pushedGroup(name)
	if err != nil {
		return err
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		m, err := w.space.idp.mapping(ctx, w.appID, g.mappingID)
		if err != nil {
			return err
		}
		if m.Status != "ERROR" || m.ErrorSummary == "" {
			return fmt.Errorf("the push of %q is %s (%q), want ERROR with a summary", name, m.Status,
				m.ErrorSummary)
		}
		return nil
	})
}

func (w *world) failedTask(ctx context.Context, first string) error {
	return w.failedTaskWith(ctx, first, "")
}

func (w *world) failedTaskWith(ctx context.Context, first, text string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		tasks, err := w.space.idp.tasks(ctx, w.appID)
		if err != nil {
			return err
		}
		var seen []string
		for _, t := range tasks {
			if t.Status == "OPEN" && t.UserID == p.oktaID && strings.Contains(t.Message, text) {
				return nil
			}
			seen = append(seen, t.Status+": "+t.Message)
		}
		return fmt.Errorf("no open task for %s containing %q; tasks: %q", first, text, seen)
	})
}

func (w *world) noOpenTasks(ctx context.Context) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		tasks, err := w.space.idp.tasks(ctx, w.appID)
		if err != nil {
			return err
		}
		for _, t := range tasks {
			if t.Status == "OPEN" {
				return fmt.Errorf("an Okta task is still open: %s", t.Message)
			}
		}
		return nil
	})
}

// retryTasks retries the app's open tasks one by one: on a shared idpsim,
// "retry all" would reach other scenarios' tasks too.
func (w *world) retryTasks(ctx context.Context) error {
	if err := w.settle(ctx); err != nil {
		return err
	}
	tasks, err := w.space.idp.tasks(ctx, w.appID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if t.Status != "OPEN" {
			continue
		}
		if err := w.space.idp.retryTask(ctx, t.ID); err != nil {
			return err
		}
	}
	return nil
}

// retriedAfter429 proves the 429 scenario exercised the retry: a 429 in the
// journal followed by a later attempt of the same request that succeeded.
func (w *world) retriedAfter429(ctx context.Context) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		xs, err := w.space.idp.journal(ctx, w.appID)
		if err != nil {
			return err
		}
		for i, x := range xs {
			if x.Status != 429 {
				continue
			}
			for _, later := range xs[i+1:] {
				if later.Method == x.Method && later.Path == x.Path && later.Attempt > x.Attempt &&
					later.Status < 300 && later.Status >= 200 {
					return nil
				}
			}
		}
		return fmt.Errorf("the journal holds no 429 followed by a successful retry (%d exchanges)", len(xs))
	})
}

func (w *world) sentNothingMore(ctx context.Context) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		xs, err := w.space.idp.journal(ctx, w.appID)
		if err != nil {
			return err
		}
		for _, x := range xs {
			if x.Seq > w.journalMark {
				return fmt.Errorf("idpsim still sent %s %s (status %d) after the app was deactivated",
					x.Method, x.Path, x.Status)
			}
		}
		return nil
	})
}
