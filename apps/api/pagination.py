from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """`?limit=` (20 by default, at most 100) and `?offset=`; the answer gives `count`, `next` and `previous`."""

    default_limit = 20
    max_limit = 100
