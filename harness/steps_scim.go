package harness

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/cucumber/godog"

	"github.com/idpsim/idpsim/scim"
)

// registerSCIMSteps binds the outcomes checked through the target's SCIM
// endpoint (@scim: any SCIM service can be checked this way) and the SCIM
// protocol checks of the shared list.
func (w *world) registerSCIMSteps(sc *godog.ScenarioContext) {
	sc.Step(`^Cast AI has (?:the|exactly one) user "([^"]*)"$`, w.hasUser)
	sc.Step(`^Cast AI does not have the user "([^"]*)"$`, w.lacksUser)
	sc.Step(`^Cast AI has the group "([^"]*)" with the members? (".*")$`, w.groupHasMembers)
	sc.Step(`^Cast AI has the group "([^"]*)" with no members$`, w.groupIsEmpty)
	sc.Step(`^Cast AI does not have the group "([^"]*)"$`, w.lacksGroup)
	sc.Step(`^in Cast AI "([^"]*)" is a member of the group "([^"]*)"$`, w.isMember)
	sc.Step(`^in Cast AI "([^"]*)" is not a member of the group "([^"]*)"$`, w.isNotMember)
	sc.Step(`^Cast AI shows "([^"]*)" with the display name "([^"]*)"$`, w.showsDisplayName)
	sc.Step(`^Cast AI shows "([^"]*)" with the email "([^"]*)"$`, w.showsEmail)
	sc.Step(`^Cast AI stores no title or phone number for "([^"]*)"$`, w.storesNoContact)
	sc.Step(`^Cast AI shows "([^"]*)" as (active|inactive)$`, w.showsActive)
	sc.Step(`^"([^"]*)" is the same Cast AI user as before$`, w.sameUser)
	sc.Step(`^Cast AI already has a group named "([^"]*)"$`, w.preexistingGroup)
	sc.Step(`^Cast AI has exactly one group named "([^"]*)"$`, w.exactlyOneGroup)
	sc.Step(`^it is the Cast AI group that was there before$`, w.sameGroup)
	sc.Step(`^the SCIM service under test$`, w.openSCIMSession)
	sc.Step(`^it passes the SCIM check "([^"]*)"$`, w.passesCheck)
}

// scimUser finds a person's user over SCIM by userName (the Okta login).
func (w *world) scimUser(ctx context.Context, first string) (scim.User, error) {
	p, err := w.person(first)
	if err != nil {
		return scim.User{}, err
	}
	found, err := w.space.scim.FindUser(ctx, p.login)
	if err != nil {
		return scim.User{}, err
	}
	if len(found) != 1 {
		return scim.User{}, fmt.Errorf("found %d Cast AI users with userName %s, want 1", len(found), p.login)
	}
	if _, seen := w.castUserIDs[first]; !seen {
		w.castUserIDs[first] = found[0].ID
	}
	return found[0], nil
}

// rawUser reads a person's user with every attribute the target returns.
func (w *world) rawUser(ctx context.Context, first string) (map[string]any, error) {
	u, err := w.scimUser(ctx, first)
	if err != nil {
		return nil, err
	}
	raw, status, err := w.space.scim.GetRaw(ctx, "/Users/"+url.PathEscape(u.ID))
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("GET /Users/%s answered %d", u.ID, status)
	}
	return raw, nil
}

func (w *world) hasUser(ctx context.Context, first string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		_, err := w.scimUser(ctx, first)
		return err
	})
}

func (w *world) lacksUser(ctx context.Context, first string) error {
	p, err := w.person(first)
	if err != nil {
		return err
	}
	return w.afterSettling(ctx, func(ctx context.Context) error {
		found, err := w.space.scim.FindUser(ctx, p.login)
		if err != nil {
			return err
		}
		if len(found) != 0 {
			return fmt.Errorf("found the Cast AI user %s (id %s), want none", p.login, found[0].ID)
		}
		return nil
	})
}

func (w *world) showsDisplayName(ctx context.Context, first, want string) error {
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.scimUser(ctx, first)
		if err == nil && u.DisplayName != want {
			err = fmt.Errorf("the Cast AI user %s has the display name %q, want %q", first, u.DisplayName, want)
		}
		return err
	})
}

func (w *world) showsEmail(ctx context.Context, first, want string) error {
	want = w.scoped(want)
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.scimUser(ctx, first)
		if err != nil {
			return err
		}
		if !slices.ContainsFunc(u.Emails, func(e scim.Email) bool { return strings.EqualFold(e.Value, want) }) ||
			!strings.EqualFold(u.PrimaryEmail(), want) {
			return fmt.Errorf("the Cast AI user %s has the emails %+v, want %s as the primary one",
				first, u.Emails, want)
		}
		return nil
	})
}

// storesNoContact: Cast AI keeps no title or phone numbers (DESIGN.md 6).
func (w *world) storesNoContact(ctx context.Context, first string) error {
	return w.afterSettling(ctx, func(ctx context.Context) error {
		raw, err := w.rawUser(ctx, first)
		if err != nil {
			return err
		}
		for _, attr := range []string{"title", "phoneNumbers", "addresses"} {
			if v, ok := raw[attr]; ok {
				return fmt.Errorf("the Cast AI user %s has %s: %v", first, attr, v)
			}
		}
		return nil
	})
}

func (w *world) showsActive(ctx context.Context, first, state string) error {
	want := state == "active"
	return w.eventually(ctx, func(ctx context.Context) error {
		raw, err := w.rawUser(ctx, first)
		if err != nil {
			return err
		}
		if raw["active"] != want {
			return fmt.Errorf("the Cast AI user %s has active %v, want %v", first, raw["active"], want)
		}
		return nil
	})
}

func (w *world) sameUser(ctx context.Context, first string) error {
	before, seen := w.castUserIDs[first]
	if !seen {
		return fmt.Errorf("no earlier step looked %s up in Cast AI", first)
	}
	return w.eventually(ctx, func(ctx context.Context) error {
		u, err := w.scimUser(ctx, first)
		if err == nil && u.ID != before {
			err = fmt.Errorf("%s is now the Cast AI user %s, was %s", first, u.ID, before)
		}
		return err
	})
}
