package castai

import (
	"strings"

	"github.com/idpsim/idpsim/scim"
)

// attrDef describes one attribute castsim knows: whether it is kept, whether
// clients may write it, and its sub-attributes (RFC 7643 §7).
type attrDef struct {
	name      string
	stored    bool
	readOnly  bool
	multi     bool
	caseExact bool
	subs      map[string]subDef // lower-case name -> sub-attribute
}

type subDef struct {
	name      string
	stored    bool
	caseExact bool
}

type schemaDef struct {
	urn   string
	attrs map[string]*attrDef // lower-case name -> attribute
}

func subs(stored []string, dropped []string, exact ...string) map[string]subDef {
	m := map[string]subDef{}
	for _, n := range stored {
		m[strings.ToLower(n)] = subDef{name: n, stored: true}
	}
	for _, n := range dropped {
		m[strings.ToLower(n)] = subDef{name: n}
	}
	for _, n := range exact {
		d := m[strings.ToLower(n)]
		d.caseExact = true
		m[strings.ToLower(n)] = d
	}
	return m
}

func attrs(defs ...*attrDef) map[string]*attrDef {
	m := map[string]*attrDef{}
	for _, d := range defs {
		m[strings.ToLower(d.name)] = d
	}
	return m
}

var metaSubs = subs([]string{"resourceType", "created", "lastModified", "location", "version"},
	nil, "location", "version")

// multiSubs are the sub-attributes every dropped multi-valued attribute has.
var multiSubs = subs(nil, []string{"value", "display", "type", "primary", "$ref"})

func dropped(names ...string) []*attrDef {
	out := make([]*attrDef, len(names))
	for i, n := range names {
		out[i] = &attrDef{name: n}
	}
	return out
}

func droppedMulti(names ...string) []*attrDef {
	out := make([]*attrDef, len(names))
	for i, n := range names {
		out[i] = &attrDef{name: n, multi: true, subs: multiSubs}
	}
	return out
}

// userSchema is the core User schema as castsim reads it (decision 6: only
// names, display name, emails, userName, externalId and active are stored).
var userSchema = schemaDef{urn: scim.SchemaUser, attrs: attrs(append(append([]*attrDef{
	{name: "id", stored: true, readOnly: true, caseExact: true},
	{name: "externalId", stored: true, caseExact: true},
	{name: "meta", stored: true, readOnly: true, subs: metaSubs},
	{name: "userName", stored: true},
	{name: "name", stored: true, subs: subs(
		[]string{"formatted", "familyName", "givenName"},
		[]string{"middleName", "honorificPrefix", "honorificSuffix"})},
	{name: "displayName", stored: true},
	{
		name: "emails", stored: true, multi: true,
		subs: subs([]string{"value", "type", "primary", "display"}, nil),
	},
	{name: "active", stored: true},
	{
		name: "groups", stored: true, readOnly: true, multi: true,
		subs: subs([]string{"value", "$ref", "display", "type"}, nil, "value", "$ref"),
	},
	{name: "addresses", multi: true, subs: subs(nil, []string{
		"formatted", "streetAddress",
		"locality", "region", "postalCode", "country", "type", "primary",
	})},
	{name: "manager", subs: subs(nil, []string{"value", "$ref", "displayName"})},
}, dropped("nickName", "profileUrl", "title", "userType", "preferredLanguage", "locale",
	"timezone", "password", "employeeNumber", "costCenter", "organization", "division",
	"department")...), droppedMulti("phoneNumbers", "ims", "photos", "entitlements", "roles",
	"x509Certificates")...)...)}

// enterpriseAttrs are the attributes of the enterprise extension (RFC 7643
// §4.3); all are accepted and dropped.
var enterpriseAttrs = map[string]bool{
	"employeenumber": true, "costcenter": true, "organization": true,
	"division": true, "department": true, "manager": true,
}

var memberSubs = subs([]string{"value", "display", "type", "$ref"}, nil, "value", "$ref")

// groupSchema is the core Group schema as castsim reads it.
var groupSchema = schemaDef{urn: scim.SchemaGroup, attrs: attrs(
	&attrDef{name: "id", stored: true, readOnly: true, caseExact: true},
	&attrDef{name: "externalId", stored: true, caseExact: true},
	&attrDef{name: "meta", stored: true, readOnly: true, subs: metaSubs},
	&attrDef{name: "displayName", stored: true},
	&attrDef{name: "members", stored: true, multi: true, subs: memberSubs},
)}

// attrRef is an attribute name resolved against a schema.
type attrRef struct {
	def *attrDef
	sub string // canonical sub-attribute name, or ""
}

// resolve finds the attribute a (possibly URN-qualified, possibly dotted)
// name refers to. ok is false when the name exists in no schema castsim
// knows; a name of the enterprise extension resolves to a dropped attribute.
func (sd *schemaDef) resolve(uri, name, sub string) (attrRef, bool) {
	switch {
	case uri == "" || strings.EqualFold(uri, sd.urn):
	case sd.urn == scim.SchemaUser && strings.EqualFold(uri, scim.SchemaEnterpriseUser):
		if !enterpriseAttrs[strings.ToLower(name)] {
			return attrRef{}, false
		}
		return attrRef{def: &attrDef{name: name, subs: multiSubs}, sub: sub}, true
	default:
		return attrRef{}, false
	}
	def, ok := sd.attrs[strings.ToLower(name)]
	if !ok {
		return attrRef{}, false
	}
	if sub == "" {
		return attrRef{def: def}, true
	}
	sd2, ok := def.subs[strings.ToLower(sub)]
	if !ok {
		return attrRef{}, false
	}
	return attrRef{def: def, sub: sd2.name}, true
}

// splitKey splits a path-less PATCH value key or a projection name such as
// "urn:…:User:name.givenName" into its URN, attribute and sub-attribute.
func splitKey(key string) (uri, name, sub string) {
	if i := strings.LastIndex(key, ":"); i >= 0 {
		uri, key = key[:i], key[i+1:]
	}
	name, sub, _ = strings.Cut(key, ".")
	return uri, name, sub
}

// isExtensionURN reports whether key names a whole schema whose attributes
// may appear nested under it (RFC 7643 §3: extension attributes sit in an
// object keyed by the extension's URN).
func (sd *schemaDef) isExtensionURN(key string) bool {
	return sd.urn == scim.SchemaUser && strings.EqualFold(key, scim.SchemaEnterpriseUser) ||
		strings.EqualFold(key, sd.urn)
}
