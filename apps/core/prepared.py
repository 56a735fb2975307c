"""Querysets compiled to SQL once per process, for the few short reads every request of a busy path repeats.

Django builds and compiles a queryset's SQL again each time it runs. For the short reads the vote makes on every
request (the budget with its process, the basket with its projects), compiling is two-thirds of their CPU
(bench/voting.py). A `PreparedQuery` builds its queryset once per database and language with stand-in arguments,
keeps the SQL, and then runs that SQL with the real arguments, building the objects as the ORM does (the model,
the select_related objects, the annotations, each field's converters):

    BASKET = PreparedQuery(lambda ballot_id: BasketItem.objects.filter(ballot_id=ballot_id).select_related("project"))
    items = BASKET.list(ballot_id=ballot.pk)

Arguments are scalars (ids, strings) used as they are in the SQL (no `__in` list, no `__iexact`, never None): the
stand-in values must each come out as a parameter of the statement, which is checked when it is compiled. The
queryset must not depend on anything else that changes (the date, the user): only on its arguments and the active
language (modeltranslation's fields). Reads only.

`RawRead(model, sql)` does the same for a statement written in SQL (`Model.objects.raw`): the SQL runs as written
(a lock such as FOR UPDATE, a subquery), and the mapping of its columns to the model is worked out once.
"""

import itertools
import threading

from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections, router
from django.db.models.query import get_related_populators
from django.db.models.sql import Query
from django.utils.translation import get_language

_stand_ins = itertools.count(1)


def _stand_in(value, *, positive=False):
    n = next(_stand_ins)
    if isinstance(value, bool) or value is None:
        raise TypeError("PreparedQuery arguments are ids or strings")
    if isinstance(value, int):
        # Never an id; a column of positive values only (a generic relation's object id) takes the second form.
        return 2**62 + n if positive else -918_273_645_000 - n
    if isinstance(value, str):
        return f"\x1fprepared-{n}\x1f"
    raise TypeError("PreparedQuery arguments are ids or strings")


class _Compiled:
    def __init__(self, queryset, using, stand_ins):
        compiler = queryset.query.get_compiler(using=using)
        sql, params = compiler.as_sql()
        by_value = {value: name for name, value in stand_ins.items()}
        self.slots = [by_value.get(param) for param in params]
        missing = set(stand_ins) - {name for name in self.slots if name}
        if missing:
            raise ValueError(f"PreparedQuery: {sorted(missing)} do not appear as parameters of the SQL")
        self.constants = list(params)
        self.sql = sql
        self.using = using
        select, klass_info = compiler.select, compiler.klass_info
        self.model = klass_info["model"]
        fields = klass_info["select_fields"]
        self.start, self.end = fields[0], fields[-1] + 1
        self.init_list = [column[0].target.attname for column in select[self.start : self.end]]
        self.populators = get_related_populators(klass_info, select, using)
        self.annotations = dict(compiler.annotation_col_map)
        self.converters = list(compiler.get_converters([column[0] for column in select[: compiler.col_count]]).items())

    def params(self, arguments):
        slots = zip(self.slots, self.constants, strict=True)
        return [arguments[name] if name else constant for name, constant in slots]

    def _converted(self, rows, connection):
        # As SQLCompiler.apply_converters, with this thread's connection.
        for row in map(list, rows):
            for position, (converters, expression) in self.converters:
                value = row[position]
                for converter in converters:
                    value = converter(value, expression, connection)
                row[position] = value
            yield row

    def objects(self, arguments):
        connection = connections[self.using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, self.params(arguments))
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self._converted(rows, connection))
        found = []
        for row in rows:
            obj = self.model.from_db(self.using, self.init_list, row[self.start : self.end])
            for populator in self.populators:
                populator.populate(row, obj)
            for name, position in self.annotations.items():
                setattr(obj, name, row[position])
            found.append(obj)
        return found


class PreparedQuery:
    """`build(**arguments)` returns the queryset; `.list(**arguments)` and `.first(**arguments)` run it."""

    def __init__(self, build):
        self.build = build
        self._compiled = {}
        self._lock = threading.Lock()

    def _for(self, arguments):
        key = (get_language(), tuple(sorted((name, type(value)) for name, value in arguments.items())))
        compiled = self._compiled.get(key)
        if compiled is None:
            try:
                compiled = self._compile(arguments, positive=False)
            except EmptyResultSet:  # a stand-in out of a positive column's range
                compiled = self._compile(arguments, positive=True)
            with self._lock:
                self._compiled[key] = compiled
        return compiled

    def _compile(self, arguments, *, positive):
        stand_ins = {name: _stand_in(value, positive=positive) for name, value in arguments.items()}
        queryset = self.build(**stand_ins)
        using = queryset.db if queryset._db else router.db_for_read(queryset.model)
        return _Compiled(queryset, using, stand_ins)

    def list(self, **arguments):
        for name, value in arguments.items():
            if value is None or isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"PreparedQuery argument {name}={value!r}: ids or strings only")
            if isinstance(value, int) and not -(2**63) <= value < 2**63:
                # No column holds it, and the database would refuse it (an overflow, not "no row"): as the ORM,
                # which answers an out-of-range lookup with no rows.
                return []
        return self._for(arguments).objects(arguments)

    def first(self, **arguments):
        found = self.list(**arguments)
        return found[0] if found else None


class RawRead:
    """`model.objects.raw(sql, params)` for a statement of a busy path, with the row-to-object mapping worked out once.

    Django's raw queryset matches the statement's columns to the model's fields and looks up their converters on
    every read (RawModelIterable), most of the CPU of a one-row read. RawRead does that once per database and list of
    columns, then builds each row as RawModelIterable does: the model's fields from their columns, other columns as
    attributes (annotations), each value through its converters. The SQL runs as written (locks such as FOR UPDATE
    included), with scalar arguments (ids, strings).
    """

    def __init__(self, model, sql):
        self.model, self.sql = model, sql
        self._plans = {}

    def _plan(self, using, connection, description):
        names = tuple(column[0] for column in description)
        plan = self._plans.get((using, names))
        if plan is None:
            # As RawQuerySet.resolve_model_init_order(), .model_fields and RawModelIterable.
            converter = connection.introspection.identifier_converter
            columns = [converter(name) for name in names]
            model_fields = {converter(field.column): field for field in self.model._meta.fields}
            init_fields = [field for field in self.model._meta.fields if converter(field.column) in columns]
            init_names = [field.attname for field in init_fields]
            if self.model._meta.pk.attname not in init_names:
                raise FieldDoesNotExist("Raw query must include the primary key")
            fields = [model_fields.get(column) for column in columns]
            cols = [field.get_col(field.model._meta.db_table) if field else None for field in fields]
            compiler = connection.ops.compiler("SQLCompiler")(Query(self.model), connection, using)
            plan = (
                init_names,
                [columns.index(converter(field.column)) for field in init_fields],
                [(column, position) for position, column in enumerate(columns) if column not in model_fields],
                list(compiler.get_converters(cols).items()),
            )
            with _plans_lock:
                self._plans[(using, names)] = plan
        return plan

    def list(self, params, *, using=None):
        for value in params:
            if value is None or isinstance(value, bool) or not isinstance(value, int | str):
                raise TypeError(f"RawRead argument {value!r}: ids or strings only")
        using = using or router.db_for_read(self.model)
        connection = connections[using]
        with connection.cursor() as cursor:
            cursor.execute(self.sql, list(params))
            description = cursor.description
            rows = cursor.fetchall()
        init_names, init_positions, annotations, converters = self._plan(using, connection, description)
        found = []
        for row in rows:
            if converters:
                row = list(row)
                for position, (functions, expression) in converters:
                    value = row[position]
                    for function in functions:
                        value = function(value, expression, connection)
                    row[position] = value
            obj = self.model.from_db(using, init_names, [row[position] for position in init_positions])
            for column, position in annotations:
                setattr(obj, column, row[position])
            found.append(obj)
        return found

    def first(self, params, *, using=None):
        found = self.list(params, using=using)
        return found[0] if found else None


_plans_lock = threading.Lock()
