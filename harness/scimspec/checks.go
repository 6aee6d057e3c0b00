package scimspec

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/idpsim/idpsim/scim"
)

// Check is one entry of the list: a name (as the feature file spells it) and
// the calls that prove it.
type Check struct {
	Name string
	Run  func(ctx context.Context, s *Session) error
}

// Checks returns the list in the order of the feature file.
func Checks() []Check {
	return []Check{
		{"the Users list answers count=1 with a ListResponse", checkListUsers},
		{"a listed user can be read by its id", checkGetListedUser},
		{"a userName filter that matches nothing answers 200 and 0", checkFilterMiss},
		{"an unknown user id answers 404 with the error schema", checkUnknownID},
		{"a user with realistic values is created with 201", checkCreateUser},
		{"a created user can be read back", checkReadBack},
		{"creating the same user again answers 409 uniqueness", checkUniqueness},
		{"a userName filter finds the user whatever the case", checkUserNameCase},
		{"a request without a token answers 401 with the error schema", checkNoToken},
		{"a group is created with 201 and no members", checkCreateGroup},
		{"a group is renamed by a path-less replace", checkRenameGroup},
		{"members are added by a PATCH add on members", checkAddMembers},
		{"a member is removed by a filtered PATCH remove", checkRemoveMember},
		{"a user is deactivated by a path-less replace of active", checkDeactivate},
		{"an echo PUT of a user changes nothing", checkEchoUser},
		{"an echo PUT of a group changes nothing", checkEchoGroup},
	}
}

// Lookup returns the check called name.
func Lookup(name string) (Check, bool) {
	i := slices.IndexFunc(Checks(), func(c Check) bool { return c.Name == name })
	if i < 0 {
		return Check{}, false
	}
	return Checks()[i], true
}

// checkListUsers: Okta's "Required Test: Test Users endpoint" (count=1).
func checkListUsers(ctx context.Context, s *Session) error {
	if _, err := s.createUser(ctx); err != nil {
		return err
	}
	resp, err := s.Client.Do(ctx, http.MethodGet, "/Users?startIndex=1&count=1", nil)
	if err != nil {
		return err
	}
	if err := resp.Expect("GET /Users?count=1", http.StatusOK); err != nil {
		return err
	}
	var body map[string]any
	if err := resp.Decode(&body); err != nil {
		return err
	}
	if !hasSchema(body, scim.SchemaListResponse) {
		return fmt.Errorf("list answer lacks schema %s: %s", scim.SchemaListResponse, Snippet(resp.Body))
	}
	for _, field := range []string{"totalResults", "itemsPerPage", "startIndex"} {
		if _, ok := body[field].(float64); !ok {
			return fmt.Errorf("list answer: %s is %v, want an integer", field, body[field])
		}
	}
	res, _ := body["Resources"].([]any)
	if len(res) != 1 || body["totalResults"].(float64) < 1 {
		return fmt.Errorf("list answer: %d Resources, totalResults %v; want 1 and at least 1",
			len(res), body["totalResults"])
	}
	return nil
}

// checkGetListedUser: Okta's "Get #1 User". On a shared target another
// client may delete the listed user between the list and the GET; a 404 is a
// failure only if the user is still listed afterwards.
func checkGetListedUser(ctx context.Context, s *Session) error {
	if _, err := s.createUser(ctx); err != nil {
		return err
	}
	const attempts = 5
	for range attempts {
		first, err := s.firstListedUser(ctx)
		if err != nil {
			return err
		}
		got, status, err := s.Client.GetRaw(ctx, "/Users/"+url.PathEscape(first.ID))
		if err != nil {
			return err
		}
		if status == http.StatusNotFound {
			again, err := s.firstListedUser(ctx)
			if err != nil {
				return err
			}
			if again.ID == first.ID {
				return fmt.Errorf("GET /Users/%s answered 404 for the user the list shows", first.ID)
			}
			continue
		}
		if status != http.StatusOK || got["id"] != first.ID || got["userName"] != first.UserName {
			return fmt.Errorf("GET /Users/%s: status %d, id %v, userName %v; want 200, %s, %s",
				first.ID, status, got["id"], got["userName"], first.ID, first.UserName)
		}
		return nil
	}
	return fmt.Errorf("the first listed user vanished %d times in a row", attempts)
}

func (s *Session) firstListedUser(ctx context.Context) (scim.User, error) {
	list, err := s.Client.List(ctx, "/Users?startIndex=1&count=1")
	if err != nil {
		return scim.User{}, err
	}
	if len(list.Resources) == 0 {
		return scim.User{}, fmt.Errorf("GET /Users?count=1 listed nothing after a create")
	}
	var first scim.User
	err = jsonInto(list.Resources[0], &first)
	return first, err
}

// checkFilterMiss: Okta's "Test filter: not existing user" — 200 and 0, not 404.
func checkFilterMiss(ctx context.Context, s *Session) error {
	missing := s.uniqueName("nobody") + "@example.test"
	list, err := s.Client.List(ctx, "/Users"+FilterQuery("userName", missing))
	if err != nil {
		return err
	}
	if list.TotalResults != 0 || len(list.Resources) != 0 {
		return fmt.Errorf("filter for %s: totalResults %d, %d Resources; want 0",
			missing, list.TotalResults, len(list.Resources))
	}
	return nil
}

// checkUnknownID: Okta's "Get non-existent user" — 404 in the RFC 7644 §3.12 shape.
func checkUnknownID(ctx context.Context, s *Session) error {
	resp, err := s.Client.Do(ctx, http.MethodGet, "/Users/"+s.uniqueName("missing"), nil)
	if err != nil {
		return err
	}
	return expectError(resp, "GET unknown user", http.StatusNotFound, "")
}

func checkCreateUser(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	if u["active"] != true || u["userName"] == nil {
		return fmt.Errorf("created user: active %v, userName %v; want true and the name sent",
			u["active"], u["userName"])
	}
	return nil
}

func checkReadBack(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	got, status, err := s.Client.GetRaw(ctx, "/Users/"+url.PathEscape(u["id"].(string)))
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		return fmt.Errorf("GET created user %v: status %d", u["id"], status)
	}
	name, _ := got["name"].(map[string]any)
	if got["userName"] != u["userName"] || name["givenName"] != "Morgan" ||
		name["familyName"] != "Lee" || got["displayName"] != "Morgan Lee" {
		return fmt.Errorf("GET created user: userName %v, name %v, displayName %v differ from "+
			"what was posted", got["userName"], got["name"], got["displayName"])
	}
	return nil
}

// checkUniqueness: Okta's "Expect failure when recreating user with same values".
func checkUniqueness(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	name := u["userName"].(string)
	resp, err := s.Client.Do(ctx, http.MethodPost, "/Users", realisticUser(name, "00uagain"))
	if err != nil {
		return err
	}
	if resp.Status == http.StatusCreated {
		var dup scim.User
		if resp.Decode(&dup) == nil && dup.ID != "" {
			s.remember("/Users/" + url.PathEscape(dup.ID))
		}
	}
	return expectError(resp, "POST the same user again", http.StatusConflict, scim.ErrUniqueness)
}

// checkUserNameCase: Okta's "Username Case Sensitivity Check" (userName is
// caseExact false, RFC 7643 §4.1.1).
func checkUserNameCase(ctx context.Context, s *Session) error {
	u, err := s.createUser(ctx)
	if err != nil {
		return err
	}
	upper := strings.ToUpper(u["userName"].(string))
	found, err := s.Client.FindUser(ctx, upper)
	if err != nil {
		return err
	}
	if len(found) != 1 || found[0].ID != u["id"] {
		return fmt.Errorf("filter userName eq %q found %d users; want the one created as %q",
			upper, len(found), u["userName"])
	}
	return nil
}

func checkNoToken(ctx context.Context, s *Session) error {
	anon := *s.Client
	anon.Token = ""
	resp, err := anon.Do(ctx, http.MethodGet, "/Users?startIndex=1&count=1", nil)
	if err != nil {
		return err
	}
	return expectError(resp, "GET /Users without a token", http.StatusUnauthorized, "")
}
