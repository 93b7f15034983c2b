import { describe, expect, it } from 'vitest'
import {
  checkDisplayName,
  checkLatitude,
  checkLongitude,
  checkPassword,
  checkPhone,
  checkSchoolCode,
  checkSchoolName,
  checkStudentCount,
  checkUsername,
  checkPersonName,
  checkAddress,
} from '@/utils/validation'
import { errorText, loginErrorText } from '@/utils/errors'
import { ApiError } from '@/api/client'

describe('validation mirrors the server', () => {
  it('usernames: 3–32 of a-z0-9._-', () => {
    expect(checkUsername('ab')).toBe('validation.username')
    expect(checkUsername('abc')).toBe('')
    expect(checkUsername('city.officer')).toBe('')
    expect(checkUsername('a_b-c.9')).toBe('')
    expect(checkUsername('Admin')).toBe('validation.username')
    expect(checkUsername('张三丰')).toBe('validation.username')
    expect(checkUsername('a'.repeat(32))).toBe('')
    expect(checkUsername('a'.repeat(33))).toBe('validation.username')
  })
  it('passwords: at least 8 characters (code points)', () => {
    expect(checkPassword('1234567')).toBe('validation.password')
    expect(checkPassword('12345678')).toBe('')
    expect(checkPassword('安校安校安校安校')).toBe('')
    expect(checkPassword('x'.repeat(257))).toBe('validation.password')
  })
  it('display names: 1–40 characters after trimming', () => {
    expect(checkDisplayName('   ')).toBe('validation.displayName')
    expect(checkDisplayName('王')).toBe('')
    expect(checkDisplayName('王'.repeat(40))).toBe('')
    expect(checkDisplayName('王'.repeat(41))).toBe('validation.displayName')
  })
  it('schools', () => {
    expect(checkSchoolCode('3715240001')).toBe('')
    expect(checkSchoolCode('371524000')).toBe('validation.schoolCode')
    expect(checkSchoolCode('37152400x1')).toBe('validation.schoolCode')
    expect(checkSchoolName('')).toBe('validation.schoolName')
    expect(checkSchoolName('校'.repeat(60))).toBe('')
    expect(checkSchoolName('校'.repeat(61))).toBe('validation.schoolName')
    expect(checkStudentCount(0)).toBe('')
    expect(checkStudentCount(200000)).toBe('')
    expect(checkStudentCount(200001)).toBe('validation.studentCount')
    expect(checkStudentCount(-1)).toBe('validation.studentCount')
    expect(checkStudentCount(1.5)).toBe('validation.studentCount')
    expect(checkAddress('路'.repeat(200))).toBe('')
    expect(checkAddress('路'.repeat(201))).toBe('validation.address')
    expect(checkPersonName('名'.repeat(41))).toBe('validation.personName')
  })
  it('coordinates and phones', () => {
    expect(checkLatitude('')).toBe('')
    expect(checkLatitude('36.2556')).toBe('')
    expect(checkLatitude('-90')).toBe('')
    expect(checkLatitude('90.1')).toBe('validation.latitude')
    expect(checkLatitude('1e5')).toBe('validation.latitude')
    expect(checkLongitude('116.25')).toBe('')
    expect(checkLongitude('180.5')).toBe('validation.longitude')
    expect(checkPhone('0635-123 4567')).toBe('')
    expect(checkPhone('+86 13800000000')).toBe('')
    expect(checkPhone('abc')).toBe('validation.phone')
    expect(checkPhone('1'.repeat(21))).toBe('validation.phone')
  })
})

describe('error texts', () => {
  const t = (k: string, n?: Record<string, unknown>) => (n ? `${k}:${JSON.stringify(n)}` : k)
  it('prefers the server message', () => {
    expect(errorText(new ApiError(400, { code: 'invalid_input', message: '学校名称为 1 到 60 个字符' }, 'x'), t)).toBe('学校名称为 1 到 60 个字符')
    expect(errorText(new ApiError(404, {}, 'Not Found'), t)).toBe('common.notFound')
    expect(errorText(new ApiError(0, {}, 'offline'), t)).toBe('common.networkError')
    expect(errorText(new Error('boom'), t)).toBe('common.unknownError')
  })
  it('explains bad credentials and throttling on the login page', () => {
    expect(loginErrorText(new ApiError(401, { code: 'bad_credentials', message: 'wrong' }, ''), t)).toBe('login.badCredentials')
    expect(loginErrorText(new ApiError(429, { code: 'throttled', message: 'x', retry_after_seconds: 30 }, ''), t)).toBe('login.throttled:{"s":30}')
    expect(loginErrorText(new ApiError(429, { code: 'throttled', message: 'x' }, ''), t)).toBe('login.throttledNoTime')
  })
})
