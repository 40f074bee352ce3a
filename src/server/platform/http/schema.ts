/** Building blocks of the endpoints' TypeBox schemas shared by every module. */
import { Type, type TSchema } from 'typebox';

/** A value or null (OpenAPI 3.1: a union with the null type). */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
