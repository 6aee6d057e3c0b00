package okta

import (
	"maps"
	"testing"
)

// TestAppUserProfile checks the mapping rules: Okta's default template,
// an app's overrides, an empty source that unmaps, an attribute outside the
// template, and the assignment's own values laid over the result (nil
// removes one).
func TestAppUserProfile(t *testing.T) {
	user := User{ID: "00u1", Profile: Profile{
		"login": "ann@example.com", "email": "ann.lee@example.com", "firstName": "Ann",
		"lastName": "Lee", "displayName": "Ann Lee", "title": "Engineer", "department": "R&D",
		"locale": "",
	}}
	tests := []struct {
		name    string
		mapping map[string]string
		au      map[string]any
		want    map[string]any
	}{
		{"default template, empty values left out", nil, nil, map[string]any{
			"userName": "ann@example.com", "givenName": "Ann", "familyName": "Lee",
			"displayName": "Ann Lee", "email": "ann.lee@example.com", "title": "Engineer",
		}},
		{"overrides, unmapping and an extra attribute", map[string]string{
			"userName": "email", "title": "", "costCenter": "department",
		}, nil, map[string]any{
			"userName": "ann.lee@example.com", "givenName": "Ann", "familyName": "Lee",
			"displayName": "Ann Lee", "email": "ann.lee@example.com", "costCenter": "R&D",
		}},
		{"the assignment's values win; nil removes", nil, map[string]any{
			"displayName": "Annie", "title": nil,
		}, map[string]any{
			"userName": "ann@example.com", "givenName": "Ann", "familyName": "Lee",
			"displayName": "Annie", "email": "ann.lee@example.com",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := appUserProfile(App{Mapping: tt.mapping}, user, AppUser{Profile: tt.au})
			if !maps.Equal(got, tt.want) {
				t.Errorf("profile\n got %v\nwant %v", got, tt.want)
			}
		})
	}
}
