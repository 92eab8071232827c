"""Validating KoSIT reports against the configuration's `report.xsd`.

`report.xsd` refers to `s:scenario`, `s:resource` and `s:CustomErrorLevel` of KoSIT's scenarios
namespace but does not say where that schema is (KoSIT ships it inside the validator). This
module's own small schema for those three declarations stands in for it — written here from the
structure scenarios.xml files have, not copied — so the rest of a report is checked by the
official `report.xsd` unchanged.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from lxml import etree

SCENARIOS_STAND_IN = b"""<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:s="http://www.xoev.de/de/validator/framework/1/scenarios"
    targetNamespace="http://www.xoev.de/de/validator/framework/1/scenarios" elementFormDefault="qualified">
  <xs:element name="resource">
    <xs:complexType><xs:sequence>
      <xs:element name="name" type="xs:token"/><xs:element name="location" type="xs:anyURI"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:complexType name="Resources"><xs:sequence><xs:element ref="s:resource" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
  <xs:complexType name="CustomErrorLevel">
    <xs:simpleContent><xs:extension base="xs:NMTOKENS">
      <xs:attribute name="level" use="required"><xs:simpleType><xs:restriction base="xs:token">
        <xs:enumeration value="error"/><xs:enumeration value="warning"/><xs:enumeration value="information"/>
      </xs:restriction></xs:simpleType></xs:attribute>
    </xs:extension></xs:simpleContent>
  </xs:complexType>
  <xs:element name="scenario">
    <xs:complexType><xs:sequence>
      <xs:element name="name" type="xs:token"/>
      <xs:element name="description" minOccurs="0">
        <xs:complexType><xs:sequence><xs:element name="p" type="xs:string" maxOccurs="unbounded"/></xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="namespace" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType><xs:simpleContent><xs:extension base="xs:anyURI">
          <xs:attribute name="prefix" type="xs:NCName" use="required"/>
        </xs:extension></xs:simpleContent></xs:complexType>
      </xs:element>
      <xs:element name="match" type="xs:string"/>
      <xs:element name="validateWithXmlSchema" type="s:Resources"/>
      <xs:element name="validateWithSchematron" type="s:Resources" minOccurs="0" maxOccurs="unbounded"/>
      <xs:element name="createReport">
        <xs:complexType><xs:sequence>
          <xs:element ref="s:resource"/>
          <xs:element name="customLevel" type="s:CustomErrorLevel" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
      <xs:element name="acceptMatch" type="xs:string" minOccurs="0"/>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
"""


@cache
def report_schema(report_xsd: Path, scratch: Path) -> etree.XMLSchema:
    """`report.xsd` with the stand-in for the scenarios namespace; `scratch` is a folder to write it to."""
    stand_in = scratch / "scenarios-stand-in.xsd"
    stand_in.write_bytes(SCENARIOS_STAND_IN)
    wrapper = etree.fromstring(
        f"""<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
          <xs:import namespace="http://www.xoev.de/de/validator/framework/1/scenarios" schemaLocation="{stand_in.as_uri()}"/>
          <xs:import namespace="http://www.xoev.de/de/validator/varl/1" schemaLocation="{report_xsd.as_uri()}"/>
        </xs:schema>""".encode())
    return etree.XMLSchema(wrapper)


def report_errors(report: bytes, report_xsd: Path, scratch: Path) -> list[str]:
    """The schema errors of `report` (empty when it is valid against report.xsd)."""
    schema = report_schema(report_xsd, scratch)
    if schema.validate(etree.fromstring(report)):
        return []
    return [f"line {e.line}: {e.message}" for e in schema.error_log]
