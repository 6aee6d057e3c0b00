package okta

import "testing"

// TestAppUserNameMatchesProfile checks that the userName a group push names
// a member by is the one of the member's whole app-user profile, for every
// way the app's mapping and the assignment's own values can set it.
func TestAppUserNameMatchesProfile(t *testing.T) {
	user := User{ID: "00u1", Profile: Profile{
		"login": "ada@example.com", "email": "ada.l@example.com", "nickName": "",
		"employeeNumber": 42, "secondEmail": nil,
	}}
	mappings := map[string]map[string]string{
		"default":      nil,
		"from email":   {"userName": "email"},
		"unmapped":     {"userName": ""},
		"empty source": {"userName": "nickName"},
		"number":       {"userName": "employeeNumber"},
		"null source":  {"userName": "secondEmail"},
		"missing":      {"userName": "costCenter"},
		"other only":   {"displayName": "email"},
	}
	overrides := map[string]Profile{
		"none":      nil,
		"set":       {"userName": "custom@example.com"},
		"nulled":    {"userName": nil},
		"number":    {"userName": 7},
		"unrelated": {"title": "Countess"},
	}
	for mname, mapping := range mappings {
		for oname, profile := range overrides {
			app := App{ID: "0oa1", Mapping: mapping}
			au := AppUser{AppID: app.ID, UserID: user.ID, Profile: profile}
			want, _ := appUserProfile(app, user, au)["userName"].(string)
			if got := appUserName(userNameSource(app), user, au); got != want {
				t.Errorf("mapping %s, assignment %s: %q, profile says %q", mname, oname, got, want)
			}
		}
	}
}
