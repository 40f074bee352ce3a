import type { DemoRegion } from './types.js';

// Guangdong → Foshan → its five districts → the towns and subdistricts of Sanshui (GB/T 2260, extended to
// 12 digits the way the statistical division codes are: 0xx subdistricts, 1xx towns).
const SANSHUI_TOWNS: Array<[code: string, name: string, nameEn: string]> = [
  ['440607001000', '西南街道', 'Xinan Subdistrict'],
  ['440607002000', '云东海街道', 'Yundonghai Subdistrict'],
  ['440607101000', '大塘镇', 'Datang Town'],
  ['440607102000', '乐平镇', 'Leping Town'],
  ['440607103000', '白坭镇', 'Baini Town'],
  ['440607104000', '芦苞镇', 'Lubao Town'],
  ['440607105000', '南山镇', 'Nanshan Town'],
];

export function buildRegions(): DemoRegion[] {
  const regions: DemoRegion[] = [
    { code: '440000', name: '广东省', nameEn: 'Guangdong Province', level: 'province', parentCode: null },
    { code: '440600', name: '佛山市', nameEn: 'Foshan', level: 'prefecture', parentCode: '440000' },
    { code: '440604', name: '禅城区', nameEn: 'Chancheng District', level: 'county', parentCode: '440600' },
    { code: '440605', name: '南海区', nameEn: 'Nanhai District', level: 'county', parentCode: '440600' },
    { code: '440606', name: '顺德区', nameEn: 'Shunde District', level: 'county', parentCode: '440600' },
    { code: '440607', name: '三水区', nameEn: 'Sanshui District', level: 'county', parentCode: '440600' },
    { code: '440608', name: '高明区', nameEn: 'Gaoming District', level: 'county', parentCode: '440600' },
  ];
  for (const [code, name, nameEn] of SANSHUI_TOWNS) {
    regions.push({ code, name, nameEn, level: 'town', parentCode: '440607' });
  }
  return regions;
}

/** The region code of a township government, looked up by the town's name inside the office's name. */
export function townRegionCode(departmentName: string): string | undefined {
  return SANSHUI_TOWNS.find(([, townName]) => departmentName.startsWith(townName))?.[0];
}
