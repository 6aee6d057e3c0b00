Feature: Removing a group from synchronization
  Guide: in Push Groups, "Unlink pushed group", then either "Delete the group in
  the target app" or "Leave the group in the target app". Leaving it keeps the
  group in Cast AI, and Okta stops pushing its membership.

  Background:
    Given the Okta app "Cast AI" provisions users and groups to Cast AI
    And these people in Okta:
      | name        | email                 | title         | mobile phone   |
      | Alice Jones | alice.jones@acme.test | Platform Lead | +1 415 555 0101 |
      | Bob Smith   | bob.smith@acme.test   | SRE           | +1 415 555 0102 |
    And the Okta group "Platform" with the members "Alice"
    And the Okta group "Platform" is assigned to the app and pushed to Cast AI
    And "Bob" is assigned to the app

  @scim
  Scenario: Unlink and delete removes the group from Cast AI, not its users
    Given Cast AI has the group "Platform" with the members "Alice"
    When an Okta admin unlinks the pushed group "Platform" and deletes it in Cast AI
    Then Cast AI does not have the group "Platform"
    And Cast AI has the user "Alice"

  @console
  Scenario: Unlink and delete also removes the group's role bindings
    Given in Cast AI the group "Platform" is bound to the "Member" role on the organization
    When an Okta admin unlinks the pushed group "Platform" and deletes it in Cast AI
    Then Cast AI does not have the group "Platform"
    And Cast AI has no role bindings for the group "Platform"
    And "Alice" has no access through the group "Platform"

  @scim
  Scenario: Unlink and leave keeps the group, and later membership changes no longer arrive
    Given Cast AI has the group "Platform" with the members "Alice"
    When an Okta admin unlinks the pushed group "Platform" and leaves it in Cast AI
    And an Okta admin adds "Bob" to the group "Platform"
    And an Okta admin removes "Alice" from the group "Platform"
    Then Cast AI has the group "Platform" with the members "Alice"
