@console @serial
Feature: The default role for new joiners
  Guide: each SSO connection has a default role that users provisioned through
  it get (Viewer unless changed). Saving the connection needs its client secret.
  A changed default applies to users synced afterwards; earlier users keep the
  role they got.

  Background:
    Given a Cast AI SSO connection for Okta with group sync turned on
    And the Okta app "Cast AI" provisions users and groups through that SSO connection
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |

  Scenario: A new joiner gets Viewer by default
    When an Okta admin assigns "Alice" to the app
    Then "Alice" has the "Viewer" role on the organization as a new joiner

  Scenario: Changing the default role needs the client secret
    When a Cast AI admin changes the default role for new joiners to "Member" without the client secret
    Then Cast AI refuses the change
    And the SSO connection's default role is "Viewer"

  Scenario: A changed default applies to later joiners only
    Given "Alice" is assigned to the app
    And "Alice" has the "Viewer" role on the organization as a new joiner
    When a Cast AI admin changes the default role for new joiners to "Member" with the client secret
    And an Okta admin assigns "Bob" to the app
    Then "Bob" has the "Member" role on the organization as a new joiner
    And "Alice" has the "Viewer" role on the organization as a new joiner
    And "Alice" does not have the "Member" role on the organization
