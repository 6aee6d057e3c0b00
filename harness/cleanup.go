package harness

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"time"
)

// cleanupTimeout bounds the clean-up of one scenario.
const cleanupTimeout = 60 * time.Second

// teardown ends the scenario: on a shared target it removes what the
// scenario created (Okta itself never deletes users in the target), then it
// closes the scenario's space.
func (w *world) teardown(ctx context.Context) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if w.space.shared && w.cfg.Cleanup {
		if err := w.cleanup(ctx); err != nil {
			w.log.Warn("clean up after scenario", slog.String("prefix", w.space.prefix),
				slog.String("err", err.Error()))
		}
	}
	w.space.close()
}

// cleanup stops the scenario's app first, so nothing is pushed while the
// target is cleaned, then deletes in the target and in idpsim.
func (w *world) cleanup(ctx context.Context) error {
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if w.paused {
		keep(w.space.idp.pause(ctx, false))
	}
	if w.appID != "" {
		keep(w.space.idp.clearFaults(ctx, w.appID))
		keep(w.settle(ctx))
		keep(w.space.idp.appLifecycle(ctx, w.appID, "deactivate"))
		keep(w.space.idp.deleteApp(ctx, w.appID))
	}
	keep(w.cleanTarget(ctx))
	keep(w.cleanSignIn(ctx))
	for _, p := range w.people {
		keep(w.space.idp.lifecycle(ctx, p.oktaID, "deactivate"))
		keep(w.space.idp.deleteUser(ctx, p.oktaID))
	}
	for _, g := range w.distinctGroups() {
		keep(w.space.idp.deleteGroup(ctx, g.oktaID))
	}
	return errors.Join(errs...)
}

func (w *world) distinctGroups() []*oktaGroup {
	seen := map[*oktaGroup]bool{}
	var out []*oktaGroup
	for _, g := range w.groups {
		if !seen[g] {
			seen[g] = true
			out = append(out, g)
		}
	}
	return out
}

// cleanTarget deletes the scenario's role bindings, groups, users and SSO
// connection in the target.
func (w *world) cleanTarget(ctx context.Context) error {
	var errs []error
	keep := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if c := w.space.console; c != nil {
		for _, ids := range w.bindings {
			for _, id := range ids {
				keep(c.deleteBinding(ctx, id))
			}
		}
	}
	if w.spec != nil {
		keep(w.spec.Cleanup(ctx))
	}
	groupIDs := map[string]bool{}
	for _, id := range w.castGroupIDs {
		groupIDs[id] = true
	}
	for _, g := range w.distinctGroups() {
		if found, err := w.space.scim.FindGroup(ctx, g.name); err == nil {
			for _, fg := range found {
				groupIDs[fg.ID] = true
			}
		}
	}
	for id := range groupIDs {
		keep(w.deleteInTarget(ctx, "/Groups/", id, w.consoleDelete(true)))
	}
	for first, p := range w.people {
		ids := map[string]bool{}
		if id, ok := w.castUserIDs[first]; ok {
			ids[id] = true
		}
		if found, err := w.space.scim.FindUser(ctx, p.login); err == nil {
			for _, u := range found {
				ids[u.ID] = true
			}
		}
		for id := range ids {
			keep(w.deleteInTarget(ctx, "/Users/", id, w.consoleDelete(false)))
		}
	}
	if w.sso != nil && w.space.console != nil {
		keep(w.space.console.deleteConnection(ctx, w.sso.id))
	}
	return errors.Join(errs...)
}

// deleteInTarget deletes over SCIM, and through the console when SCIM no
// longer reaches the record (sync off made it a regular one).
func (w *world) deleteInTarget(ctx context.Context, kind, id string,
	viaConsole func(context.Context, string) error,
) error {
	err := w.space.scim.Delete(ctx, kind+url.PathEscape(id))
	if err == nil || viaConsole == nil {
		return err
	}
	if cerr := viaConsole(ctx, id); cerr != nil {
		return errors.Join(err, cerr)
	}
	return nil
}

func (w *world) consoleDelete(group bool) func(context.Context, string) error {
	c := w.space.console
	if c == nil {
		return nil
	}
	if group {
		return c.deleteGroup
	}
	return c.deleteUser
}
