using System.Reflection;
using System.Runtime.CompilerServices;

namespace Courier.PackagingTests.Api;

/// <summary>Reflects over an assembly's visible surface (public types; their public and protected members) into sorted,
/// stable lines, one per type and one per member, with full signatures and nullability marks.</summary>
internal static class PublicApiWriter
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>The API lines of <paramref name="assembly"/>, sorted ordinally, without duplicates.</summary>
    public static IReadOnlyList<string> Write(Assembly assembly)
    {
        var lines = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var type in assembly.GetExportedTypes())
        {
            var context = new NullabilityInfoContext();
            lines.Add(TypeLine(type, context));
            if (type.IsSubclassOf(typeof(MulticastDelegate)))
            {
                continue; // the type line carries the signature
            }

            if (type.IsEnum)
            {
                foreach (var field in type.GetFields(BindingFlags.Public | BindingFlags.Static))
                {
                    lines.Add($"{TypeNames.Declaration(type)}.{field.Name} = {Convert.ToInt64(field.GetRawConstantValue(), System.Globalization.CultureInfo.InvariantCulture)}");
                }

                continue;
            }

            foreach (var member in type.GetMembers(Declared).Where(Visible))
            {
                if (Line(type, member, context) is { } line)
                {
                    lines.Add(ModifiersLast(TypeNames.Declaration(type), line));
                }
            }
        }

        return [.. lines];
    }

    /// <summary>"static Courier.Http.Get(...) -> T" becomes "Courier.Http.Get(...) -> T [static]", so a type's members
    /// sort together under its type line.</summary>
    private static string ModifiersLast(string owner, string line)
    {
        var start = line.IndexOf(owner + ".", StringComparison.Ordinal);
        var modifiers = line[..start].Trim();
        return modifiers.Length == 0 ? line : line[start..] + " [" + modifiers + "]";
    }

    private static string TypeLine(Type type, NullabilityInfoContext context)
    {
        var name = TypeNames.Declaration(type);
        if (type.IsEnum)
        {
            var flags = type.IsDefined(typeof(FlagsAttribute), false) ? "[Flags] " : string.Empty;
            return $"{name} [{flags}enum : {TypeNames.Use(Enum.GetUnderlyingType(type), null)}]";
        }

        if (type.IsSubclassOf(typeof(MulticastDelegate)))
        {
            var invoke = type.GetMethod("Invoke")!;
            return $"{name} [delegate]({Parameters(invoke, context)}) -> {Returns(invoke, context)}";
        }

        string kind;
        if (type.IsInterface)
        {
            kind = "interface";
        }
        else if (type.IsValueType)
        {
            kind = (type.IsDefined(typeof(IsReadOnlyAttribute), false) ? "readonly " : string.Empty) + "struct";
        }
        else if (type.IsAbstract && type.IsSealed)
        {
            kind = "static class";
        }
        else
        {
            kind = (type.IsAbstract ? "abstract " : type.IsSealed ? "sealed " : string.Empty) + "class";
        }

        if (!type.IsInterface && type.GetMethod("<Clone>$") is not null)
        {
            kind = kind.Replace("class", "record", StringComparison.Ordinal);
        }

        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(TypeNames.Use(baseType, null));
        }

        bases.AddRange(type.GetInterfaces().Where(i => i.IsPublic || i.IsNestedPublic).Select(i => TypeNames.Use(i, null)).Order(StringComparer.Ordinal));
        var inherits = bases.Count == 0 ? string.Empty : " : " + string.Join(", ", bases);
        var where = type.IsGenericTypeDefinition ? TypeNames.Constraints(type.GetGenericArguments()) : string.Empty;
        return $"{name} [{kind}]{inherits}{where}";
    }

    private static bool Visible(MemberInfo member) => member switch
    {
        MethodBase m => m.IsPublic || m.IsFamily || m.IsFamilyOrAssembly,
        FieldInfo f => f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly,
        PropertyInfo p => p.GetAccessors(nonPublic: true).Any(a => Visible(a)),
        EventInfo e => e.AddMethod is { } add && Visible(add),
        Type t => false, // nested types get their own type line (GetExportedTypes lists them)
        _ => false,
    };

    private static string? Line(Type type, MemberInfo member, NullabilityInfoContext context)
    {
        var owner = TypeNames.Declaration(type);
        if (member.Name.Contains('<', StringComparison.Ordinal))
        {
            return null; // compiler-generated (record <Clone>$ and the like)
        }

        switch (member)
        {
            case ConstructorInfo ctor:
                return $"{Access(ctor)}{(ctor.IsStatic ? "static " : string.Empty)}{owner}.{ctor.Name}({Parameters(ctor, context)})";
            case MethodInfo method when method.IsSpecialName && !method.Name.StartsWith("op_", StringComparison.Ordinal):
                return null; // property and event accessors are written with their property or event
            case MethodInfo method:
                var generic = method.IsGenericMethodDefinition ? "<" + string.Join(", ", method.GetGenericArguments().Select(TypeNames.GenericParameter)) + ">" : string.Empty;
                var where = method.IsGenericMethodDefinition ? TypeNames.Constraints(method.GetGenericArguments()) : string.Empty;
                var extension = method.IsDefined(typeof(ExtensionAttribute), false) ? "this " : string.Empty;
                return $"{Access(method)}{Modifiers(method)}{owner}.{method.Name}{generic}({extension}{Parameters(method, context)}) -> {Returns(method, context)}{where}";
            case PropertyInfo property:
                return PropertyLine(owner, property, context);
            case FieldInfo field:
                var constant = field.IsLiteral ? " = " + Literal(field.GetRawConstantValue()) : string.Empty;
                var fieldMods = field.IsLiteral ? "const " : (field.IsStatic ? "static " : string.Empty) + (field.IsInitOnly ? "readonly " : string.Empty);
                return $"{Access(field)}{fieldMods}{owner}.{field.Name} -> {TypeNames.Use(field.FieldType, context.Create(field))}{constant}";
            case EventInfo @event:
                return $"{Access(@event.AddMethod!)}{Modifiers(@event.AddMethod!)}event {owner}.{@event.Name} -> {TypeNames.Use(@event.EventHandlerType!, context.Create(@event))}";
            default:
                return null;
        }
    }

    private static string PropertyLine(string owner, PropertyInfo property, NullabilityInfoContext context)
    {
        var accessors = new List<string>();
        var get = property.GetMethod is { } g && Visible(g) ? g : null;
        var set = property.SetMethod is { } s && Visible(s) ? s : null;
        if (get is not null)
        {
            accessors.Add(AccessPrefix(get, property) + "get;");
        }

        if (set is not null)
        {
            var init = set.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit));
            accessors.Add(AccessPrefix(set, property) + (init ? "init;" : "set;"));
        }

        var any = get ?? set!;
        var required = property.IsDefined(typeof(RequiredMemberAttribute), false) ? "required " : string.Empty;
        var indexer = property.GetIndexParameters();
        var name = indexer.Length == 0 ? property.Name : "this[" + string.Join(", ", indexer.Select(p => Parameter(p, context))) + "]";
        return $"{Access(any)}{required}{Modifiers(any)}{owner}.{name} {{ {string.Join(" ", accessors)} }} -> {TypeNames.Use(property.PropertyType, context.Create(property))}";
    }

    private static string AccessPrefix(MethodInfo accessor, PropertyInfo property)
    {
        var other = accessor == property.GetMethod ? property.SetMethod : property.GetMethod;
        return other is not null && Visible(other) && Access(other) != Access(accessor) && accessor.IsFamily ? "protected " : string.Empty;
    }

    private static string Access(MethodBase method) => method.IsPublic ? string.Empty : "protected ";

    private static string Access(FieldInfo field) => field.IsPublic ? string.Empty : "protected ";

    private static string Modifiers(MethodInfo method)
    {
        if (method.IsStatic)
        {
            return method.IsAbstract ? "static abstract " : method.IsVirtual ? "static virtual " : "static ";
        }

        if (method.DeclaringType!.IsInterface)
        {
            return method.IsAbstract ? string.Empty : "virtual ";
        }

        if (method.IsAbstract)
        {
            return "abstract ";
        }

        if (!method.IsVirtual || method.IsFinal && method.GetBaseDefinition() == method)
        {
            return string.Empty; // non-virtual (an interface implementation that is sealed counts as non-virtual)
        }

        var overrides = method.GetBaseDefinition() != method;
        return overrides ? (method.IsFinal ? "sealed override " : "override ") : "virtual ";
    }

    private static string Returns(MethodInfo method, NullabilityInfoContext context) =>
        (method.ReturnType.IsByRef ? "ref " : string.Empty) + TypeNames.Use(method.ReturnType, context.Create(method.ReturnParameter));

    private static string Parameters(MethodBase method, NullabilityInfoContext context) =>
        string.Join(", ", method.GetParameters().Select(p => Parameter(p, context)));

    private static string Parameter(ParameterInfo parameter, NullabilityInfoContext context)
    {
        var prefix = string.Empty;
        if (parameter.ParameterType.IsByRef)
        {
            prefix = parameter.IsOut ? "out " : parameter.IsIn ? "in " : "ref ";
        }
        else if (parameter.IsDefined(typeof(ParamArrayAttribute), false) || parameter.IsDefined(typeof(ParamCollectionAttribute), false))
        {
            prefix = "params ";
        }

        var valueTypeDefault = parameter.RawDefaultValue is null && parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null;
        var defaultValue = !parameter.HasDefaultValue ? string.Empty : " = " + (valueTypeDefault ? "default" : Literal(parameter.RawDefaultValue));
        return $"{prefix}{TypeNames.Use(parameter.ParameterType, context.Create(parameter))} {parameter.Name}{defaultValue}";
    }

    private static string Literal(object? value) => value switch
    {
        null => "null",
        DBNull or Missing => "default",
        string s => "\"" + s + "\"",
        bool b => b ? "true" : "false",
        char c => "'" + c + "'",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };
}
