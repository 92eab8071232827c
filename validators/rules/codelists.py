"""Code lists the native XRechnung rules check against, as data.

The values are those of the public code lists as the CEN EN 16931 validation artefacts 1.3.16
state them (ISO 6523 ICD, CEF EAS, UNTDID 7143, MIME types of attachments); the XRechnung
extension and CVD rules widen some of them (see the `*_EXTENSION` / `*_CVD` sets).
"""

ICD = frozenset("""
    0002 0003 0004 0005 0006 0007 0008 0009 0010 0011 0012 0013 0014 0015 0016 0017 0018 0019
    0020 0021 0022 0023 0024 0025 0026 0027 0028 0029 0030 0031 0032 0033 0034 0035 0036 0037
    0038 0039 0040 0041 0042 0043 0044 0045 0046 0047 0048 0049 0050 0051 0052 0053 0054 0055
    0056 0057 0058 0059 0060 0061 0062 0063 0064 0065 0066 0067 0068 0069 0070 0071 0072 0073
    0074 0075 0076 0077 0078 0079 0080 0081 0082 0083 0084 0085 0086 0087 0088 0089 0090 0091
    0093 0094 0095 0096 0097 0098 0099 0100 0101 0102 0104 0105 0106 0107 0108 0109 0110 0111
    0112 0113 0114 0115 0116 0117 0118 0119 0120 0121 0122 0123 0124 0125 0126 0127 0128 0129
    0130 0131 0132 0133 0134 0135 0136 0137 0138 0139 0140 0141 0142 0143 0144 0145 0146 0147
    0148 0149 0150 0151 0152 0153 0154 0155 0156 0157 0158 0159 0160 0161 0162 0163 0164 0165
    0166 0167 0168 0169 0170 0171 0172 0173 0174 0175 0176 0177 0178 0179 0180 0183 0184 0185
    0186 0187 0188 0189 0190 0191 0192 0193 0194 0195 0196 0197 0198 0199 0200 0201 0202 0203
    0204 0205 0206 0207 0208 0209 0210 0211 0212 0213 0214 0215 0216 0217 0218 0219 0220 0221
    0222 0223 0224 0225 0226 0227 0228 0229 0230 0231 0232 0233 0234 0235 0236 0237 0238 0239
    0240 0241 0242 0243 0244 0245 0246 0247 0248
""".split())
"""ISO 6523 ICD: scheme identifiers of party, legal, item and location identifiers."""

EAS = frozenset("""
    0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177
    0183 0184 0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205
    0208 0209 0210 0211 0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0244
    0242 0245 0246 0248 9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928
    9929 9930 9931 9932 9933 9934 9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946
    9947 9948 9949 9950 9951 9952 9953 9957 9959 AN AQ AS AU EM
""".split())
"""CEF EAS: scheme identifiers of electronic addresses (BT-34, BT-49)."""

UNTDID_7143 = frozenset("""
    AA AB AC AD AE AF AG AH AI AJ AK AL AM AN AO AP AQ AR AS AT AU AV AW AX AY AZ BA BB BC BD BE
    BF BG BH BI BJ BK BL BM BN BO BP BQ BR BS BT BU BV BW BX BY BZ CC CG CL CR CV DR DW EC EF
    EMD EN FS GB GN GMN GS HS IB IN IS IT IZ MA MF MN MP NB ON PD PL PO PPI PV QS RC RN RU RY SA
    SG SK SN SRS SRT SRU SRV SRW SRX SRY SRZ SS SSA SSB SSC SSD SSE SSF SSG SSH SSI SSJ SSK SSL
    SSM SSN SSO SSP SSQ SSR SSS SST SSU SSV SSW SSX SSY SSZ ST STA STB STC STD STE STF STG STH
    STI STJ STK STL STM STN STO STP STQ STR STS STT STU STV STW STX STY STZ SUA SUB SUC SUD SUE
    SUF SUG SUH SUI SUJ SUK SUL SUM TG TSN TSO TSP TSQ TSR TSS TST TSU UA UP VN VP VS VX ZZZ
""".split())
"""UNTDID 7143: item classification schemes (BT-158 scheme identifier)."""

MIME_CODES = frozenset({
    "application/pdf", "image/png", "image/jpeg", "text/csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.spreadsheet",
})
"""MIME types of embedded attachments (BT-125) that EN 16931 allows."""

MIME_CODES_EXTENSION = MIME_CODES | {"application/xml"}
"""The XRechnung extension also allows XML attachments (BR-DEX-01)."""

XRECHNUNG_SCHEMES = frozenset({"XR01", "XR02", "XR03"})
"""Scheme identifiers the XRechnung extension accepts beyond ICD / EAS (BR-DEX-04 … BR-DEX-08).

Derived from the official results on the corpus: XR01 and XR03 are accepted, XR11 and 0321 are
refused; XR02 is assumed to belong to the same series. The extension's own list was not
available to us.
"""

ICD_EXTENSION = ICD | XRECHNUNG_SCHEMES
EAS_EXTENSION = EAS | XRECHNUNG_SCHEMES

UNTDID_7143_CVD = UNTDID_7143 | {"CVD"}
"""Item classification schemes in the CVD scenario: UNTDID 7143 plus the vehicle category scheme."""

VEHICLE_CATEGORIES = frozenset({"M1", "M2", "M3", "N1", "N2", "N3"})
"""Vehicle categories of the Clean Vehicles Directive (EU) 2019/1161 (BR-DE-CVD-04)."""

CLEAN_VEHICLE_ATTRIBUTES = frozenset({"clean", "zero-emission"})
"""Values of the item attribute 'cva' (BR-DE-CVD-05): a clean or a zero-emission vehicle."""

ZERO_DECIMAL_CURRENCIES = frozenset("""
    BIF CLP DJF GNF HUF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF
""".split())
"""Currencies whose amounts are compared with a slack of 0.5 instead of 0.02 (PEPPOL-EN16931-R040,
R120): ISO 4217 currencies without minor unit, plus HUF, as the official results on the corpus show."""
