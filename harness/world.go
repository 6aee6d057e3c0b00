package harness

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/idpsim/idpsim/harness/scimspec"
)

// world is the state of one scenario. It is created before the scenario and
// dropped after it; nothing is shared between scenarios but the environment.
type world struct {
	cfg   Config
	log   *slog.Logger
	space *space

	appID  string
	people map[string]*person    // by first name, as the steps say it
	groups map[string]*oktaGroup // by every name the scenario gave the group
	sso    *ownConnection        // a connection the scenario created
	roles  map[string]string     // Cast AI role ids by name

	castUserIDs  map[string]string   // Cast AI ids first seen, by first name
	castGroupIDs map[string]string   // Cast AI ids first seen, by group name
	bindings     map[string][]string // role bindings created, by Cast AI group id
	paused       bool                // Okta holds its pushes
	refusal      *apiAnswer          // the answer to an admin action expected to fail
	journalMark  int64               // journal sequence when the app was deactivated
	linkedName   string              // the group that existed before a Link Group
	spec         *scimspec.Session   // the SCIM protocol checks' session
	signIn       *signInState        // @sso: the OIDC app and the people's browsers
}

// person is one Okta user of the scenario.
type person struct {
	first, last, display string
	login, email         string
	oktaID               string
}

// oktaGroup is one Okta group of the scenario and its push mapping.
type oktaGroup struct {
	name      string // its current name in Okta, prefixed on a shared target
	oktaID    string
	mappingID string
}

// ownConnection is an SSO connection the scenario created in Cast AI.
type ownConnection struct {
	id, secret, token, domain string
}

func newWorld(cfg Config, sp *space) *world {
	return &world{
		cfg: cfg, log: cfg.Logger, space: sp,
		people: map[string]*person{}, groups: map[string]*oktaGroup{},
		castUserIDs: map[string]string{}, castGroupIDs: map[string]string{},
		bindings: map[string][]string{},
	}
}

// scoped prefixes a login, email or group name with the scenario's prefix,
// so that scenarios sharing a target never meet.
func (w *world) scoped(name string) string { return w.space.prefix + name }

func (w *world) person(first string) (*person, error) {
	p, ok := w.people[first]
	if !ok {
		return nil, permanent(fmt.Errorf("no person called %q in this scenario (add them to the people table)", first))
	}
	return p, nil
}

func (w *world) group(name string) (*oktaGroup, error) {
	g, ok := w.groups[name]
	if !ok {
		return nil, permanent(fmt.Errorf("no Okta group called %q in this scenario", name))
	}
	return g, nil
}

// settle waits until Okta has sent everything queued for the scenario's app.
func (w *world) settle(ctx context.Context) error {
	if w.paused || w.appID == "" {
		return nil
	}
	return w.space.idp.waitIdle(ctx, w.appID, w.cfg.WaitTimeout)
}

// eventually settles, then checks until check passes or the wait timeout
// ends, and returns the last failure. Targets may apply changes a little
// after they answer; the poll covers that without a fixed sleep.
func (w *world) eventually(ctx context.Context, check func(context.Context) error) error {
	if err := w.settle(ctx); err != nil {
		return explain(err)
	}
	deadline := time.Now().Add(w.cfg.WaitTimeout)
	tick := time.NewTicker(w.cfg.PollInterval)
	defer tick.Stop()
	for {
		err := check(ctx)
		var perm *permanentError
		if err == nil || errors.As(err, &perm) {
			return explain(err)
		}
		if time.Now().After(deadline) {
			return explain(fmt.Errorf("still after %s: %w", w.cfg.WaitTimeout, err))
		}
		select {
		case <-ctx.Done():
			return explain(fmt.Errorf("%w (%w)", err, ctx.Err()))
		case <-tick.C:
		}
	}
}

// afterSettling checks once, after Okta has sent everything: the form of
// every "does not" outcome, which polling could never prove.
func (w *world) afterSettling(ctx context.Context, check func(context.Context) error) error {
	if err := w.settle(ctx); err != nil {
		return explain(err)
	}
	return explain(check(ctx))
}

// names reads the quoted names of a step argument: `"Alice" and "Bob"`.
func names(list string) []string {
	parts := strings.Split(list, `"`)
	var out []string
	for i := 1; i < len(parts); i += 2 {
		out = append(out, parts[i])
	}
	return out
}

// permanentError is a mistake in the scenario itself (an unknown name), which
// no amount of waiting mends: eventually gives up on it at once.
type permanentError struct{ err error }

func (e *permanentError) Error() string { return e.err.Error() }
func (e *permanentError) Unwrap() error { return e.err }

func permanent(err error) error { return &permanentError{err: err} }
