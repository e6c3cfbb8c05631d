"""What the test suite shares and the product never imports: factories, committed test data, its readers.

It lives outside the `accord` package so that an installed Accord carries no test code (an import contract
keeps `accord` from importing it).
"""
