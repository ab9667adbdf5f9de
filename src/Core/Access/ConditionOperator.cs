namespace LoadTest.Core.Access;

/// <summary>
/// The condition operators the evaluator understands: the string, ARN, numeric, date, Bool, IP
/// address and Null families (IAM's condition operators other than Binary). <c>...IfExists</c> and the
/// <c>ForAnyValue:</c> / <c>ForAllValues:</c> prefixes are separate flags on <see cref="PolicyCondition"/>.
/// </summary>
public enum ConditionOperator
{
    StringEquals,
    StringNotEquals,
    StringEqualsIgnoreCase,
    StringNotEqualsIgnoreCase,
    StringLike,
    StringNotLike,
    ArnEquals,
    ArnLike,
    ArnNotEquals,
    ArnNotLike,
    NumericEquals,
    NumericNotEquals,
    NumericLessThan,
    NumericLessThanEquals,
    NumericGreaterThan,
    NumericGreaterThanEquals,
    DateEquals,
    DateNotEquals,
    DateLessThan,
    DateLessThanEquals,
    DateGreaterThan,
    DateGreaterThanEquals,
    Bool,
    IpAddress,
    NotIpAddress,
    Null,
}

/// <summary>The operator families whose values are not strings: numbers, dates and IP ranges, read and compared as such.</summary>
public static class ConditionOperators
{
    public static bool IsNumeric(this ConditionOperator op) => op is >= ConditionOperator.NumericEquals and <= ConditionOperator.NumericGreaterThanEquals;

    public static bool IsDate(this ConditionOperator op) => op is >= ConditionOperator.DateEquals and <= ConditionOperator.DateGreaterThanEquals;

    public static bool IsIp(this ConditionOperator op) => op is ConditionOperator.IpAddress or ConditionOperator.NotIpAddress;
}
