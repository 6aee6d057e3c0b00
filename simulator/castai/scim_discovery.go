package castai

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/scim"
)

// registerDiscoveryRoutes serves the RFC 7644 §4 endpoints, describing
// exactly what castsim supports. They need no authentication.
func (s *Server) registerDiscoveryRoutes(r *gin.RouterGroup) {
	r.GET("/ServiceProviderConfig", s.serviceProviderConfig)
	r.GET("/ResourceTypes", s.resourceTypes)
	r.GET("/ResourceTypes/:name", s.resourceType)
	r.GET("/Schemas", s.schemas)
	r.GET("/Schemas/:urn", s.schema)
}

func (s *Server) serviceProviderConfig(c *gin.Context) {
	writeSCIM(c, http.StatusOK, resource{
		"schemas":          []any{scim.SchemaServiceProvider},
		"documentationUri": s.cfg.PublicURL + "/healthz",
		"patch":            resource{"supported": true},
		"bulk":             resource{"supported": false, "maxOperations": 0, "maxPayloadSize": 0},
		"filter":           resource{"supported": true, "maxResults": MaxListCount},
		"changePassword":   resource{"supported": false},
		"sort":             resource{"supported": false},
		"etag":             resource{"supported": true},
		"authenticationSchemes": []any{resource{
			"type":        "oauthbearertoken",
			"name":        "OAuth Bearer Token",
			"description": "The SCIM token shown once when group sync is turned on",
			"primary":     true,
		}},
		"meta": resource{
			"resourceType": "ServiceProviderConfig",
			"location":     s.cfg.PublicURL + "/scim/v2/ServiceProviderConfig",
		},
	})
}

func (s *Server) resourceTypeDoc(name string) resource {
	schema := scim.SchemaUser
	if name == scim.ResourceTypeGroup {
		schema = scim.SchemaGroup
	}
	r := resource{
		"schemas":  []any{scim.SchemaResourceType},
		"id":       name,
		"name":     name,
		"endpoint": "/" + name + "s",
		"schema":   schema,
		"meta": resource{
			"resourceType": "ResourceType",
			"location":     s.cfg.PublicURL + "/scim/v2/ResourceTypes/" + name,
		},
	}
	if name == scim.ResourceTypeUser {
		r["schemaExtensions"] = []any{}
	}
	return r
}

func (s *Server) resourceTypes(c *gin.Context) {
	items := []resource{
		s.resourceTypeDoc(scim.ResourceTypeUser),
		s.resourceTypeDoc(scim.ResourceTypeGroup),
	}
	writeSCIM(c, http.StatusOK, listResponse(paging{startIndex: 1, count: 2}, 2, items))
}

func (s *Server) resourceType(c *gin.Context) {
	name := c.Param("name")
	if name != scim.ResourceTypeUser && name != scim.ResourceTypeGroup {
		writeSCIMError(c, scimError(http.StatusNotFound, "", "resource type "+name+" not found"))
		return
	}
	writeSCIM(c, http.StatusOK, s.resourceTypeDoc(name))
}

func (s *Server) schemaDocs() []resource {
	return []resource{
		s.schemaDoc(&userSchema, "User", "User Account", s.userAttributeDocs()),
		s.schemaDoc(&groupSchema, "Group", "Group", groupAttributeDocs()),
	}
}

func (s *Server) schemaDoc(sd *schemaDef, name, desc string, attrs []any) resource {
	return resource{
		"schemas":     []any{scim.SchemaSchema},
		"id":          sd.urn,
		"name":        name,
		"description": desc,
		"attributes":  attrs,
		"meta": resource{
			"resourceType": "Schema",
			"location":     s.cfg.PublicURL + "/scim/v2/Schemas/" + sd.urn,
		},
	}
}

func (s *Server) schemas(c *gin.Context) {
	docs := s.schemaDocs()
	writeSCIM(c, http.StatusOK, listResponse(paging{startIndex: 1, count: len(docs)},
		len(docs), docs))
}

func (s *Server) schema(c *gin.Context) {
	for _, d := range s.schemaDocs() {
		if strings.EqualFold(d["id"].(string), c.Param("urn")) {
			writeSCIM(c, http.StatusOK, d)
			return
		}
	}
	writeSCIMError(c, scimError(http.StatusNotFound, "", "schema "+c.Param("urn")+" not found"))
}

// attrDoc describes one attribute as RFC 7643 §7 does.
func attrDoc(name, typ string, multi, required, caseExact bool, mutability,
	uniqueness string, subs ...any,
) resource {
	d := resource{
		"name": name, "type": typ, "multiValued": multi, "required": required,
		"caseExact": caseExact, "mutability": mutability, "returned": "default",
		"uniqueness": uniqueness,
	}
	if len(subs) > 0 {
		d["subAttributes"] = subs
	}
	if name == "id" {
		d["returned"] = "always"
	}
	return d
}

func simple(name string) resource {
	return attrDoc(name, "string", false, false, false, "readWrite", "none")
}

// userAttributeDocs lists exactly the User attributes castsim stores.
func (s *Server) userAttributeDocs() []any {
	docs := []any{
		attrDoc("id", "string", false, false, true, "readOnly", "server"),
		attrDoc("externalId", "string", false, false, true, "readWrite", "none"),
		attrDoc("userName", "string", false, true, false, "readWrite", "server"),
		attrDoc("name", "complex", false, false, false, "readWrite", "none",
			simple("formatted"), simple("familyName"), simple("givenName")),
		simple("displayName"),
		attrDoc("emails", "complex", true, false, false, "readWrite", "none",
			simple("value"), simple("display"), simple("type"),
			attrDoc("primary", "boolean", false, false, false, "readWrite", "none")),
		attrDoc("active", "boolean", false, false, false, "readWrite", "none"),
		attrDoc("groups", "complex", true, false, false, "readOnly", "none",
			attrDoc("value", "string", false, false, true, "readOnly", "none"),
			attrDoc("$ref", "reference", false, false, true, "readOnly", "none"),
			attrDoc("display", "string", false, false, false, "readOnly", "none"),
			attrDoc("type", "string", false, false, false, "readOnly", "none")),
	}
	if s.defects.on(DefectStoreTitle) {
		docs = append(docs, simple("title"))
	}
	return docs
}

func groupAttributeDocs() []any {
	return []any{
		attrDoc("id", "string", false, false, true, "readOnly", "server"),
		attrDoc("externalId", "string", false, false, true, "readWrite", "none"),
		attrDoc("displayName", "string", false, true, false, "readWrite", "server"),
		attrDoc("members", "complex", true, false, false, "readWrite", "none",
			attrDoc("value", "string", false, false, true, "immutable", "none"),
			attrDoc("$ref", "reference", false, false, true, "immutable", "none"),
			simple("display"),
			attrDoc("type", "string", false, false, false, "immutable", "none")),
	}
}
