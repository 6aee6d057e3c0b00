package scimclient

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/scim"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const goldenToken = "golden-bearer-token-0001"

// scenario is one engine step (or sequence) whose requests are pinned.
type scenario struct {
	name  string
	setup func(f *fakeSCIM) ids
	run   func(ctx context.Context, t *testing.T, c *Client, ids ids)
}

// ids are what a scenario's setup stored in the fake.
type ids struct {
	user, user2, user3, group string
}

func seedUser(f *fakeSCIM, login, given, family string) string {
	return f.addUser(map[string]any{
		"schemas":     []any{scim.SchemaUser, "urn:example:params:scim:schemas:extension:1.0:User"},
		"userName":    login,
		"externalId":  "00u-old",
		"name":        map[string]any{"givenName": given, "familyName": family},
		"displayName": given + " " + family,
		"emails": []any{
			map[string]any{"value": login, "type": "work", "primary": true},
			map[string]any{"value": "home-" + login, "type": "home"},
		},
		"active": true,
		"urn:example:params:scim:schemas:extension:1.0:User": map[string]any{"costCenter": "42"},
		"meta": fixedMeta("User", "x"),
	})
}

func seedTeam(f *fakeSCIM) ids {
	u1 := seedUser(f, "jane.doe@example.com", "Jane", "Doe")
	u2 := seedUser(f, "john.roe@example.com", "John", "Roe")
	u3 := seedUser(f, "ada.king@example.com", "Ada", "King")
	return ids{user: u1, user2: u2, user3: u3, group: f.addGroup("Engineering", u1, u2)}
}

// oktaCreateBody is the create request Okta builds with the template's
// default mapping (OKTA-WIRE.md, Users step 2).
func oktaCreateBody() map[string]any {
	return map[string]any{
		"schemas":  []string{scim.SchemaUser},
		"userName": "mary.major@example.com",
		"name":     map[string]any{"givenName": "Mary", "familyName": "Major"},
		"emails": []map[string]any{
			{"primary": true, "value": "mary.major@example.com", "type": "work"},
		},
		"displayName": "Mary Major",
		"locale":      "en-US",
		"externalId":  "00u1a2b3c4d5e6f7g8h9",
		"groups":      []any{},
		"password":    "gT7#kq2!Lm9z",
		"active":      true,
		"title":       "Staff Engineer",
		"phoneNumbers": []map[string]any{
			{"primary": true, "value": "+1 555 0100", "type": "mobile"},
		},
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func members(f *fakeSCIM, userIDs ...string) []scim.Member {
	out := make([]scim.Member, 0, len(userIDs))
	for _, id := range userIDs {
		out = append(out, scim.Member{Value: id, Display: fmt.Sprint(f.user(id)["userName"])})
	}
	return out
}

func scenarios(f *fakeSCIM) []scenario {
	tag := Tag{AppID: "0oa-golden"}
	return []scenario{
		{"test_connection", seedTeam, func(ctx context.Context, t *testing.T, c *Client, _ ids) {
			t.Helper()
			must(t, c.TestConnection(ctx, tag))
		}},
		{"assign_new_user", seedTeam, func(ctx context.Context, t *testing.T, c *Client, _ ids) {
			t.Helper()
			if _, found, err := c.FindUser(ctx, tag, "mary.major@example.com"); err != nil || found {
				t.Fatalf("FindUser = found %t, %v; want a miss", found, err)
			}
			r, err := c.CreateUser(ctx, tag, oktaCreateBody())
			must(t, err)
			if r.ID == "" || r.String("userName") != "mary.major@example.com" {
				t.Fatalf("created %+v", r)
			}
		}},
		{"assign_existing_user", seedTeam, func(ctx context.Context, t *testing.T, c *Client, _ ids) {
			t.Helper()
			r, found, err := c.FindUser(ctx, tag, "JANE.DOE@example.com")
			must(t, err)
			if !found {
				t.Fatal("FindUser missed an existing user")
			}
			must(t, c.UpdateUser(ctx, tag, r.ID, map[string]any{
				"externalId": "00u1a2b3c4d5e6f7g8h9", "name.givenName": "Janet",
				"displayName": "Janet Doe", "title": "Principal Engineer",
				"emails": []map[string]any{{
					"primary": true, "value": "jane.doe@example.com",
					"type": "work",
				}},
			}))
		}},
		{"deactivate_reactivate", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.SetUserActive(ctx, tag, s.user, false))
			if f.user(s.user)["active"] != false {
				t.Fatalf("target user active = %v after deactivation", f.user(s.user)["active"])
			}
			must(t, c.SetUserActive(ctx, tag, s.user, true))
		}},
		{"push_new_group", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			if _, found, err := c.FindGroup(ctx, tag, "Platform \"Core\""); err != nil || found {
				t.Fatalf("FindGroup = found %t, %v; want a miss", found, err)
			}
			g, err := c.CreateGroup(ctx, tag, "Platform \"Core\"")
			must(t, err)
			must(t, c.RenameGroup(ctx, tag, g.ID, "Platform \"Core\""))
			must(t, c.ReplaceMembers(ctx, tag, g.ID, "Platform \"Core\"", members(f, s.user, s.user3)))
		}},
		{"link_group", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			g, found, err := c.FindGroup(ctx, tag, "Engineering")
			must(t, err)
			if !found || g.ID != s.group {
				t.Fatalf("FindGroup = %v, %t; want %s", g.ID, found, s.group)
			}
		}},
		{"update_members", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.UpdateMembers(ctx, tag, s.group, "Engineering",
				members(f, s.user3), []string{s.user2}))
			assertMembers(t, f, s.group, s.user, s.user3)
		}},
		{"push_now", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.ReplaceMembers(ctx, tag, s.group, "Engineering", members(f, s.user2, s.user3)))
			assertMembers(t, f, s.group, s.user2, s.user3)
		}},
		{"push_now_empty", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.ReplaceMembers(ctx, tag, s.group, "Engineering", nil))
			assertMembers(t, f, s.group)
		}},
		{"rename_group", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.RenameGroup(ctx, tag, s.group, "Engineering & Ops"))
			if got := f.group(s.group)["displayName"]; got != "Engineering & Ops" {
				t.Fatalf("target group name = %v", got)
			}
		}},
		{"delete_group", seedTeam, func(ctx context.Context, t *testing.T, c *Client, s ids) {
			t.Helper()
			must(t, c.DeleteGroup(ctx, tag, s.group))
			if f.group(s.group) != nil {
				t.Fatal("group still on the target")
			}
		}},
	}
}

func assertMembers(t *testing.T, f *fakeSCIM, groupID string, want ...string) {
	t.Helper()
	var got []string
	for _, m := range f.group(groupID)["members"].([]any) {
		got = append(got, m.(map[string]any)["value"].(string))
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, ",") != strings.Join(want, ",") {
		t.Fatalf("target members = %v, want %v", got, want)
	}
}

func TestGoldenRequests(t *testing.T) {
	variants := []struct {
		dir      string
		target   Target
		settings Settings
		only     map[string]bool // nil: every scenario
	}{
		{dir: "oin", settings: Settings{Profile: ProfileOIN}},
		{dir: "aiw", settings: Settings{Profile: ProfileAIW}},
		{
			dir: "oin-plus-pathless", settings: Settings{
				Profile:        ProfileOIN,
				FilterEncoding: FilterPlus, PushNowShape: PushNowPathless,
			},
			only: map[string]bool{"assign_new_user": true, "push_now": true},
		},
		{
			dir: "auth-header", target: Target{AuthScheme: AuthHeader, Token: "SSWS raw-header-value"},
			only: map[string]bool{"test_connection": true},
		},
		{dir: "auth-basic", target: Target{
			AuthScheme: AuthBasic, Username: "okta",
			Password: "basic-password-1",
		}, only: map[string]bool{"test_connection": true}},
	}
	for _, v := range variants {
		for _, sc := range scenarios(nil) {
			if v.only != nil && !v.only[sc.name] {
				continue
			}
			t.Run(v.dir+"/"+sc.name, func(t *testing.T) {
				f := newFakeSCIM(t)
				sc = scenarioByName(t, f, sc.name)
				target := v.target
				if target.AuthScheme == "" {
					target = Target{AuthScheme: AuthToken, Token: goldenToken}
				}
				target.BaseURL = f.baseURL()
				c, err := New(Config{Target: target, Settings: v.settings})
				must(t, err)
				s := sc.setup(f)
				sc.run(context.Background(), t, c, s)
				checkGolden(t, filepath.Join("testdata", v.dir, sc.name+".golden"),
					transcript(f.requests()))
			})
		}
	}
}

// scenarioByName rebuilds the scenario bound to fake f.
func scenarioByName(t *testing.T, f *fakeSCIM, name string) scenario {
	t.Helper()
	for _, sc := range scenarios(f) {
		if sc.name == name {
			return sc
		}
	}
	t.Fatalf("no scenario %s", name)
	return scenario{}
}

// transcript renders requests as the golden text: request line, every
// header but Host (sorted), a blank line, the body bytes as sent.
func transcript(reqs []seenRequest) string {
	var b strings.Builder
	for i, r := range reqs {
		fmt.Fprintf(&b, "### request %d\n%s %s", i+1, r.Method, r.Path)
		if r.RawQuery != "" {
			fmt.Fprintf(&b, "?%s", r.RawQuery)
		}
		b.WriteString("\n")
		names := make([]string, 0, len(r.Header))
		for k := range r.Header {
			names = append(names, k)
		}
		sort.Strings(names)
		for _, k := range names {
			fmt.Fprintf(&b, "%s: %s\n", k, strings.Join(r.Header[k], ", "))
		}
		if r.Body != "" {
			fmt.Fprintf(&b, "\n%s\n", r.Body)
		}
		b.WriteString("\n")
	}
	return b.String()
}

func checkGolden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		must(t, os.MkdirAll(filepath.Dir(path), 0o755))
		must(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run go test -update to create it): %v", err)
	}
	if string(want) != got {
		t.Errorf("requests differ from %s (go test -update rewrites it)\n--- got\n%s\n--- want\n%s",
			path, got, want)
	}
}
