package castai

import (
	"fmt"
	"strings"
	"time"

	"github.com/idpsim/idpsim/scim"
	"github.com/idpsim/idpsim/simulator/castai/store"
)

// resource is a SCIM resource as a JSON object. Rendering to a generic object
// lets filters, attribute projection and marshalling share one shape.
type resource = map[string]any

func etag(version int64) string { return fmt.Sprintf(`W/"%d"`, version) }

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

func (s *Server) location(kind string, id string) string {
	return s.cfg.PublicURL + "/scim/v2/" + kind + "/" + id
}

func (s *Server) meta(kind, id string, created, modified time.Time, version int64) resource {
	return resource{
		"resourceType": kind,
		"created":      stamp(created),
		"lastModified": stamp(modified),
		"location":     s.location(kind+"s", id),
		"version":      etag(version),
	}
}

// userResource renders u; groups, when not nil, fill the read-only groups
// attribute.
func (s *Server) userResource(u store.User, groups []store.Group) resource {
	r := resource{
		"schemas":  []any{scim.SchemaUser},
		"id":       u.ID,
		"userName": u.UserName,
		"active":   u.Active,
		"meta":     s.meta(scim.ResourceTypeUser, u.ID, u.Created, u.Modified, u.Version),
	}
	setString(r, "externalId", u.ExternalID)
	setString(r, "displayName", u.DisplayName)
	name := resource{}
	setString(name, "formatted", u.Name.Formatted)
	setString(name, "familyName", u.Name.FamilyName)
	setString(name, "givenName", u.Name.GivenName)
	if len(name) > 0 {
		r["name"] = name
	}
	if len(u.Emails) > 0 {
		emails := make([]any, len(u.Emails))
		for i, e := range u.Emails {
			emails[i] = emailResource(e)
		}
		r["emails"] = emails
	}
	if len(groups) > 0 {
		refs := make([]any, len(groups))
		for i, g := range groups {
			refs[i] = resource{
				"value": g.ID, "$ref": s.location("Groups", g.ID),
				"display": g.DisplayName, "type": "direct",
			}
		}
		r["groups"] = refs
	}
	if s.defects.on(DefectStoreTitle) {
		setString(r, "title", u.Title)
	}
	return r
}

func emailResource(e scim.Email) resource {
	m := resource{"value": e.Value}
	setString(m, "type", e.Type)
	setString(m, "display", e.Display)
	if e.Primary {
		m["primary"] = true
	}
	return m
}

// groupResource renders g; members are rendered only when withMembers is
// set, so that a 50,000-member group costs nothing when they are excluded.
func (s *Server) groupResource(g store.Group, members []store.Member, withMembers bool) resource {
	r := resource{
		"schemas":     []any{scim.SchemaGroup},
		"id":          g.ID,
		"displayName": g.DisplayName,
		"meta":        s.meta(scim.ResourceTypeGroup, g.ID, g.Created, g.Modified, g.Version),
	}
	setString(r, "externalId", g.ExternalID)
	if withMembers {
		list := make([]any, len(members))
		for i, m := range members {
			mr := resource{
				"value": m.UserID, "$ref": s.location("Users", m.UserID),
				"type": scim.MemberTypeUser,
			}
			setString(mr, "display", m.Display)
			list[i] = mr
		}
		r["members"] = list
	}
	return r
}

func setString(r resource, key, val string) {
	if val != "" {
		r[key] = val
	}
}

// projection is the attributes / excludedAttributes query of RFC 7644 §3.9.
type projection struct {
	include []attrName
	exclude []attrName
}

type attrName struct{ name, sub string }

func parseProjection(sd *schemaDef, attributes, excluded string) projection {
	return projection{include: attrNames(sd, attributes), exclude: attrNames(sd, excluded)}
}

func attrNames(sd *schemaDef, list string) []attrName {
	var out []attrName
	for _, raw := range strings.Split(list, ",") {
		raw = strings.TrimSpace(raw)
		if raw == "" {
			continue
		}
		uri, name, sub := splitKey(raw)
		if ref, ok := sd.resolve(uri, name, sub); ok {
			out = append(out, attrName{name: ref.def.name, sub: ref.sub})
		}
	}
	return out
}

// wants reports whether the projection returns the attribute name at all.
func (p projection) wants(name string) bool {
	if len(p.include) > 0 {
		for _, a := range p.include {
			if a.name == name {
				return true
			}
		}
		return false
	}
	for _, a := range p.exclude {
		if a.name == name && a.sub == "" {
			return false
		}
	}
	return true
}

// apply returns r cut down to the projection. id and schemas are always
// returned (RFC 7643 §7, "returned": "always").
func (p projection) apply(r resource) resource {
	if len(p.include) > 0 {
		out := resource{"id": r["id"], "schemas": r["schemas"]}
		for _, a := range p.include {
			v, ok := r[a.name]
			if !ok {
				continue
			}
			if a.sub == "" {
				out[a.name] = v
				continue
			}
			out[a.name] = mergeSub(out[a.name], pickSub(v, a.sub))
		}
		return out
	}
	for _, a := range p.exclude {
		if a.name == "id" || a.name == "schemas" {
			continue
		}
		if a.sub == "" {
			delete(r, a.name)
			continue
		}
		dropSub(r[a.name], a.sub)
	}
	return r
}

func pickSub(v any, sub string) any {
	switch v := v.(type) {
	case resource:
		if sv, ok := v[sub]; ok {
			return resource{sub: sv}
		}
		return resource{}
	case []any:
		out := make([]any, 0, len(v))
		for _, el := range v {
			if m, ok := el.(resource); ok {
				if sv, ok := m[sub]; ok {
					out = append(out, resource{sub: sv})
				}
			}
		}
		return out
	}
	return nil
}

func mergeSub(have, add any) any {
	switch h := have.(type) {
	case resource:
		if a, ok := add.(resource); ok {
			for k, v := range a {
				h[k] = v
			}
		}
		return h
	case []any:
		// Two sub-attributes of one multi-valued attribute: merge element-wise.
		if a, ok := add.([]any); ok && len(a) == len(h) {
			for i := range h {
				mergeSub(h[i], a[i])
			}
		}
		return h
	}
	return add
}

func dropSub(v any, sub string) {
	switch v := v.(type) {
	case resource:
		delete(v, sub)
	case []any:
		for _, el := range v {
			if m, ok := el.(resource); ok {
				delete(m, sub)
			}
		}
	}
}
