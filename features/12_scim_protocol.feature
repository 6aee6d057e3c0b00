@scim
Feature: SCIM 2.0 protocol conformance
  Okta's published SCIM 2.0 spec test, plus the group calls and the echo PUT
  that Okta's pushes rely on. These talk to the SCIM service directly with its
  bearer token, so they run against any SCIM service provider. Each check is one
  entry of the shared list in harness/scimspec, which the reference target's own
  Go tests run too; a test keeps this table and that list identical.

  Scenario Outline: <check>
    Given the SCIM service under test
    Then it passes the SCIM check "<check>"

    Examples: Okta's SCIM 2.0 spec test
      | check                                                      |
      | the Users list answers count=1 with a ListResponse         |
      | a listed user can be read by its id                        |
      | a userName filter that matches nothing answers 200 and 0   |
      | an unknown user id answers 404 with the error schema       |
      | a user with realistic values is created with 201           |
      | a created user can be read back                            |
      | creating the same user again answers 409 uniqueness        |
      | a userName filter finds the user whatever the case         |
      | a request without a token answers 401 with the error schema |

    Examples: Groups and echoes as Okta sends them
      | check                                                      |
      | a group is created with 201 and no members                 |
      | a group is renamed by a path-less replace                  |
      | members are added by a PATCH add on members                |
      | a member is removed by a filtered PATCH remove             |
      | a user is deactivated by a path-less replace of active     |
      | an echo PUT of a user changes nothing                      |
      | an echo PUT of a group changes nothing                     |
