# Deliberately empty: journeys, check-ins and assessments are members' private recovery data,
# and operators are not owed them (PRODUCT.md principle 1). They live only in members' own pages
# and in their data export.
