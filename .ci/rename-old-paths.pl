#!/usr/bin/perl -pi
# Rewrites the old user-facing paths to the Dutch ones (web/routes_moved.go
# lists both). The old paths still answer with a permanent redirect, but
# pages, handlers and tests should name the new ones; TestNoOldPathsInUse
# finds what is left. Usage: .ci/rename-old-paths.pl $(git ls-files '*.go' '*.html' '*.js' '*.md')
# (leave web/routes_moved.go and web/routes_moved_test.go out).
s{(?<!/v1)/cases\b}{/casussen}g;
s{/admin/organisations\b}{/beheer/organisaties}g;
s{/admin/users\b}{/beheer/gebruikers}g;
s{/admin/(noodtoegang|beveiligingslog)\b}{/beheer/$1}g;
s{(\S)/members\b}{$1/leden}g;
s{/grounds\b}{/grondslagen}g;
s{/withdraw\b}{/intrekken}g;
s{/genogram/persons\b}{/genogram/personen}g;
s{/genogram/partnerships\b}{/genogram/relaties}g;
s{/genogram/children\b}{/genogram/kinderen}g;
s{/genogram/ties\b}{/genogram/banden}g;
s{/genogram/events\b}{/genogram/gebeurtenissen}g;
s{/genogram/households\b}{/genogram/huishoudens}g;
s{/genogram/pins\b}{/genogram/posities}g;
s{/genogram/import/confirm\b}{/genogram/import/bevestigen}g;
s{/genogram/remove\b}{/genogram/verwijderen}g;
s{/krachtenveld/stakeholders/remove\b}{/krachtenveld/betrokkenen/verwijderen}g;
s{/krachtenveld/stakeholders\b}{/krachtenveld/betrokkenen}g;
s{(/leden/\S*?)/remove\b}{$1/verwijderen}g;
s{/disable\b}{/blokkeren}g;
s{/enable\b}{/deblokkeren}g;
s{/reset-password\b}{/wachtwoord-herstellen}g;
s{/end-sessions\b}{/sessies-beeindigen}g;
s{(action="|POST |, ")/lang(?=")}{$1/taal}g;
s{(action="|POST |, ")/logout(?=")}{$1/uitloggen}g;
