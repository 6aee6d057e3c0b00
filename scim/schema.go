package scim

// Schema URNs of RFC 7643 §8.7 and RFC 7644 §3.
const (
	SchemaUser             = "urn:ietf:params:scim:schemas:core:2.0:User"
	SchemaGroup            = "urn:ietf:params:scim:schemas:core:2.0:Group"
	SchemaEnterpriseUser   = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
	SchemaListResponse     = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
	SchemaPatchOp          = "urn:ietf:params:scim:api:messages:2.0:PatchOp"
	SchemaError            = "urn:ietf:params:scim:api:messages:2.0:Error"
	SchemaServiceProvider  = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"
	SchemaResourceType     = "urn:ietf:params:scim:schemas:core:2.0:ResourceType"
	SchemaSchema           = "urn:ietf:params:scim:schemas:core:2.0:Schema"
	ContentType            = "application/scim+json"
	ContentTypeWithCharset = "application/scim+json; charset=utf-8"
	ResourceTypeUser       = "User"
	ResourceTypeGroup      = "Group"
	MemberTypeUser         = "User"
	EmailTypeWork          = "work"
	PatchOpAdd             = "add"
	PatchOpReplace         = "replace"
	PatchOpRemove          = "remove"
	DefaultListCount       = 100
	DefaultListStartIndex  = 1
	UserAgentOkta          = "Okta SCIM Client 1.0.0"
)
