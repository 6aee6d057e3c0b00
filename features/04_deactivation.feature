Feature: Deactivated users lose all access and come back on the same Cast AI user
  Guide: "Deactivated users are shown as inactive and lose access." Okta never
  deletes a user in Cast AI: it marks it inactive, and a reactivated user is the
  same Cast AI user as before.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
    And the Okta group "Platform" with the members "Alice"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI

  @scim
  Scenario: A deactivated user is inactive in Cast AI and comes back on the same user
    Given Cast AI has the user "Alice"
    When an Okta admin deactivates "Alice"
    Then Cast AI shows "Alice" as inactive
    When an Okta admin activates "Alice"
    Then Cast AI shows "Alice" as active
    And "Alice" is the same Cast AI user as before
    And in Cast AI "Alice" is a member of the group "Platform"

  @scim
  Scenario: A directly assigned user must be assigned again after reactivation
    Given "Bob" is assigned to the app
    And Cast AI has the user "Bob"
    When an Okta admin deactivates "Bob"
    Then Cast AI shows "Bob" as inactive
    When an Okta admin activates "Bob"
    And an Okta admin assigns "Bob" to the app
    Then Cast AI shows "Bob" as active
    And "Bob" is the same Cast AI user as before

  @console
  Scenario: A deactivated user has no access in Cast AI until reactivated
    Given in Cast AI the group "Platform" is bound to the "Member" role on the organization
    And "Alice" has the "Member" role on the organization through the group "Platform"
    When an Okta admin deactivates "Alice"
    Then the Cast AI console shows "Alice" as inactive
    And "Alice" has no access in Cast AI
    When an Okta admin activates "Alice"
    Then the Cast AI console shows "Alice" as active
    And "Alice" has the "Member" role on the organization through the group "Platform"
