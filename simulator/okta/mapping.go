package okta

import (
	"crypto/rand"
	"maps"

	"github.com/idpsim/idpsim/scim"
)

// appAttr is an attribute of the app-user profile of a SCIM app, the way
// Okta's SCIM template defines it, with its default source in the Okta user
// profile. scimUser says which SCIM attribute each one is sent as.
type appAttr struct {
	name string
	okta string
}

// appAttrs is the app-user profile of Okta's SCIM 2.0 template
// (OKTA-WIRE.md, Users step 2): userName, name.givenName, name.familyName,
// displayName, the primary work email, title, the work and mobile phone
// numbers and locale.
var appAttrs = []appAttr{
	{"userName", "login"},
	{"givenName", "firstName"},
	{"familyName", "lastName"},
	{"displayName", "displayName"},
	{"email", "email"},
	{"title", "title"},
	{"primaryPhone", "primaryPhone"},
	{"mobilePhone", "mobilePhone"},
	{"locale", "locale"},
}

// DefaultMapping returns Okta's default mapping of the SCIM template: app-user
// attribute name → Okta user profile attribute. App.Mapping entries override
// it; an empty source unmaps an attribute; a name outside the template is sent
// as a top-level SCIM attribute of that name.
func DefaultMapping() map[string]string {
	m := make(map[string]string, len(appAttrs))
	for _, a := range appAttrs {
		m[a.name] = a.okta
	}
	return m
}

// appUserProfile is the app-user profile Okta pushes: the mapped values of
// the user's profile with the assignment's own values laid over them.
func appUserProfile(app App, u User, au AppUser) map[string]any {
	out := make(map[string]any, len(appAttrs))
	take := func(name, src string) {
		if v, ok := u.Profile[src]; ok && src != "" && v != nil && v != "" {
			out[name] = v
		}
	}
	for _, a := range appAttrs {
		if _, overridden := app.Mapping[a.name]; !overridden {
			take(a.name, a.okta)
		}
	}
	for name, src := range app.Mapping {
		take(name, src)
	}
	for k, v := range au.Profile {
		if v == nil {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// scimUser turns an app-user profile into the SCIM attributes Okta sends,
// with the Okta user id as externalId.
func scimUser(profile map[string]any, oktaID string) map[string]any {
	str := func(k string) string { s, _ := profile[k].(string); return s }
	out := map[string]any{"externalId": oktaID}
	name := map[string]any{}
	if v := str("givenName"); v != "" {
		name["givenName"] = v
	}
	if v := str("familyName"); v != "" {
		name["familyName"] = v
	}
	if len(name) > 0 {
		out["name"] = name
	}
	if v := str("email"); v != "" {
		out["emails"] = []any{map[string]any{"primary": true, "value": v, "type": scim.EmailTypeWork}}
	}
	var phones []any
	if v := str("primaryPhone"); v != "" {
		phones = append(phones, map[string]any{"primary": true, "value": v, "type": "work"})
	}
	if v := str("mobilePhone"); v != "" {
		phones = append(phones, map[string]any{"value": v, "type": "mobile"})
	}
	if phones != nil {
		out["phoneNumbers"] = phones
	}
	placed := map[string]bool{
		"givenName": true, "familyName": true, "email": true,
		"primaryPhone": true, "mobilePhone": true,
	}
	for k, v := range profile {
		if !placed[k] {
			out[k] = v
		}
	}
	return out
}

// createBody is Okta's POST /Users body: the mapped attributes plus schemas,
// an empty groups list, a random password (sent even with password sync off)
// and active:true (OKTA-WIRE.md, Users step 2).
func createBody(mapped map[string]any) map[string]any {
	body := maps.Clone(mapped)
	body["schemas"] = []string{scim.SchemaUser}
	body["groups"] = []any{}
	body["password"] = randomPassword()
	body["active"] = true
	return body
}

func randomPassword() string {
	const alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i, c := range b {
		b[i] = alphabet[int(c)%len(alphabet)]
	}
	return string(b)
}
